package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ArtifactStore;
import dev.flowline.pipeline.InputArtifact;
import dev.flowline.pipeline.OutputArtifact;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.StageDeclaration;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@FlowlineTest
class CodeBuildPipelineTest {
  static final ActionTypeId BUILD = ActionTypeId.of("Build", "AWS", "CodeBuild", "1");
  static final ActionTypeId TEST = ActionTypeId.of("Test", "AWS", "CodeBuild", "1");

  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;

  @Test
  @DisplayName("given S3 source -> CodeBuild build -> CodeBuild test, when the pipeline runs, then the build's artifact "
      + "and exported variable reach the test, and the execution succeeds")
  void sourceBuildTestSucceeds() throws Exception {
    String name = PipelineFixtures.uniqueName("codebuild");
    PipelineFixtures.putSourceZip(Path.of("src/test/resources/codebuild/pipeline-app"), "src-" + name, "app.zip");
    pipelines.create(new PipelineDocument(declaration(name), null));

    String executionId = await().atMost(Duration.ofSeconds(30))
        .until(() -> queries.executions(name, null, 0, 10), list -> !list.isEmpty()).get(0).pipelineExecutionId();
    String status = await().atMost(Duration.ofSeconds(60))
        .until(() -> queries.execution(name, executionId).orElseThrow().status(), s -> !"InProgress".equals(s));

    List<ActionExecutionDetail> actions = queries.actionExecutions(name, executionId, 0, 100);
    assertThat(status).as("execution status; actions: %s", actions).isEqualTo("Succeeded");
    Map<String, ActionExecutionDetail> byName = actions.stream()
        .collect(Collectors.toMap(ActionExecutionDetail::actionName, Function.identity()));
    ActionExecutionDetail build = byName.get("Build");
    assertThat(build.output().outputVariables()).containsKey("VERSION");
    assertThat(build.output().executionResult().externalExecutionId()).startsWith("app-build:");
    assertThat(build.output().executionResult().externalExecutionSummary()).isEqualTo("Build succeeded");
    assertThat(build.output().executionResult().externalExecutionUrl()).startsWith("/flowline/logs/");
    ActionExecutionDetail test = byName.get("Smoke");
    assertThat(test.input().resolvedConfiguration().get("EnvironmentVariables"))
        .contains(build.output().outputVariables().get("VERSION"));
    assertThat(test.output().executionResult().externalExecutionSummary())
        .isEqualTo("Build succeeded; tests: 2 passed, 0 failed, 0 skipped");
  }

  private static PipelineDeclaration declaration(String name) {
    ActionDeclaration source = new ActionDeclaration("Source", TestPipelines.S3_SOURCE, null,
        Map.of("S3Bucket", "src-" + name, "S3ObjectKey", "app.zip"), null, List.of(new OutputArtifact("Src")),
        null, null, null, null, null, null, null);
    ActionDeclaration build = new ActionDeclaration("Build", BUILD, null, Map.of("ProjectName", "app-build"), null,
        List.of(new OutputArtifact("BuildOutput")), List.of(new InputArtifact("Src")), null, null, null,
        "BuildVariables", null, null);
    ActionDeclaration test = new ActionDeclaration("Smoke", TEST, null, Map.of("ProjectName", "app-test",
        "PrimarySource", "BuildOutput",
        "EnvironmentVariables", "[{\"name\":\"EXPECTED_VERSION\",\"value\":\"#{BuildVariables.VERSION}\"}]"),
        null, null, List.of(new InputArtifact("Src"), new InputArtifact("BuildOutput")), null, null, null, null, null,
        null);
    return new PipelineDeclaration(name, "arn:aws:iam::123456789012:role/test",
        new ArtifactStore("S3", "flowline-artifacts", null), null, List.of(
            new StageDeclaration("Source", null, List.of(source), null, null, null),
            new StageDeclaration("Build", null, List.of(build), null, null, null),
            new StageDeclaration("Test", null, List.of(test), null, null, null)),
        null, null, "V2", null, null);
  }
}

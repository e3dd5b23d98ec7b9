package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineState;
import dev.flowline.pipeline.PipelineDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@FlowlineTest
class DemoPipelineTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;

  @Test
  void demoRunsToTheApprovalAndOnceApprovedDeploysTheSite() throws Exception {
    String name = PipelineFixtures.uniqueName("demo");
    PipelineDocument demo;
    String sourceBucket = "src-" + name;
    String siteBucket = "site-" + name;
    demo = PipelineFixtures.example("demo.json", name);
    String json = dev.flowline.pipeline.PipelineCodec.write(demo.pipeline())
        .replace("flowline-demo-source", sourceBucket).replace("flowline-demo-site", siteBucket);
    PipelineFixtures.putSourceZip(Path.of("examples/demo-app"), sourceBucket, "app.zip");
    PipelineFixtures.createBucket(siteBucket);

    pipelines.create(dev.flowline.pipeline.PipelineCodec.read(json));

    PipelineState.ActionExecution approval = await().atMost(Duration.ofSeconds(60))
        .until(() -> approvalAction(name), a -> a != null && "InProgress".equals(a.status()) && a.token() != null);
    String executionId = queries.executions(name, null, 0, 10).get(0).pipelineExecutionId();

    PipelineExecution waiting = queries.execution(name, executionId).orElseThrow();
    assertThat(waiting.status()).isEqualTo("InProgress");
    assertThat(waiting.trigger().triggerType()).isEqualTo("CreatePipeline");
    assertThat(waiting.artifactRevisions()).extracting(r -> r.name()).containsExactly("SourceOutput");

    executions.putApprovalResult(name, "Approve", "Approve", approval.token(), "Approved", "Looks good", "tester");

    String finalStatus = await().atMost(Duration.ofSeconds(60))
        .until(() -> queries.execution(name, executionId).orElseThrow().status(), s -> !"InProgress".equals(s));
    assertThat(finalStatus).as("execution status; actions: %s", queries.actionExecutions(name, executionId, 0, 100))
        .isEqualTo("Succeeded");
    Path site = PipelineFixtures.DATA_DIR.resolve("s3").resolve(siteBucket);
    assertThat(site.resolve("dist/index.html")).exists();
    assertThat(Files.readString(site.resolve("dist/build.txt"))).contains(executionId).contains("staging");

    Map<String, String> statusByAction = queries.actionExecutions(name, executionId, 0, 100).stream()
        .collect(Collectors.toMap(ActionExecutionDetail::actionName, ActionExecutionDetail::status));
    assertThat(statusByAction).containsOnly(Map.entry("Source", "Succeeded"), Map.entry("Build", "Succeeded"),
        Map.entry("UnitTests", "Succeeded"), Map.entry("LintHtml", "Succeeded"), Map.entry("Approve", "Succeeded"),
        Map.entry("Deploy", "Succeeded"));
    ActionExecutionDetail build = queries.actionExecutions(name, executionId, 0, 100).stream()
        .filter(a -> a.actionName().equals("Build")).findFirst().orElseThrow();
    assertThat(build.output().outputVariables()).containsEntry("BUILD_ID", executionId);
    assertThat(build.output().executionResult().externalExecutionUrl()).startsWith("/flowline/logs/");

    PipelineState state = queries.state(name);
    List<String> stageStatuses = state.stageStates().stream().map(s -> s.latestExecution().status()).toList();
    assertThat(stageStatuses).containsOnly("Succeeded");
    PipelineState.ActionExecution approved = state.stageStates().get(3).actionStates().get(0).latestExecution();
    assertThat(approved.summary()).isEqualTo("Looks good");
    assertThat(approved.lastUpdatedBy()).isEqualTo("tester");
    assertThat(approved.token()).isNull();
  }

  private PipelineState.ActionExecution approvalAction(String name) {
    return queries.state(name).stageStates().get(3).actionStates().get(0).latestExecution();
  }
}

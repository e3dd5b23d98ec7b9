package dev.flowline.engine;

import static dev.flowline.engine.TestPipelines.gated;
import static dev.flowline.engine.TestPipelines.release;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineValidationException;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@FlowlineTest
class PipelineVersionsTest {
  @Autowired PipelineService pipelines;
  @Autowired PipelineQueries pipelineQueries;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired RepositoryService repository;

  private long definitions(String name) {
    return repository.createProcessDefinitionQuery()
        .processDefinitionKey(dev.flowline.compiler.PipelineCompiler.processKey(name)).count();
  }

  @Test
  @DisplayName("Given an execution running on version 1, when version 2 is deployed, then it finishes on version 1")
  void runningExecutionsFinishOnTheirVersion() throws Exception {
    String name = PipelineFixtures.uniqueName("versions");
    String key = name + "-v1";
    pipelines.create(TestPipelines.named(name).stage("Build", "Old=" + gated(key) + " && echo v1").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String onV1 = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStage("Build", onV1, "InProgress");

    pipelines.update(TestPipelines.named(name).mode("PARALLEL").stage("Build", "New=echo v2").declaration());
    assertThat(pipelineQueries.find(name, null).orElseThrow().version()).isEqualTo(2);
    String onV2 = executions.start(name, StartRequest.manual("test"));
    probe.awaitStatus(onV2, "Succeeded");

    release(key);
    probe.awaitStatus(onV1, "Succeeded");
    assertThat(queries.execution(name, onV1).orElseThrow().pipelineVersion()).isEqualTo(1);
    assertThat(queries.execution(name, onV2).orElseThrow().pipelineVersion()).isEqualTo(2);
    assertThat(queries.actionExecutions(name, onV1, 0, 10)).extracting(a -> a.actionName()).contains("Old");
    assertThat(queries.actionExecutions(name, onV2, 0, 10)).extracting(a -> a.actionName()).contains("New");
  }

  @Test
  @DisplayName("Given an unchanged declaration, when it is updated, then no new process definition is deployed")
  void unchangedUpdateReusesTheDefinition() throws Exception {
    String name = PipelineFixtures.uniqueName("unchanged");
    var pipeline = TestPipelines.named(name).stage("Build", "Echo=echo same");
    pipelines.create(pipeline.document());
    pipelines.update(pipeline.declaration());
    assertThat(pipelineQueries.find(name, null).orElseThrow().version()).isEqualTo(2);
    assertThat(definitions(name)).isEqualTo(1);
    pipelines.update(TestPipelines.named(name).stage("Build", "Echo=echo changed").declaration());
    assertThat(definitions(name)).isEqualTo(2);
  }

  @Test
  @DisplayName("Given an invalid declaration, when it is created, then nothing is stored or deployed")
  void invalidDeclarationChangesNothing() throws Exception {
    String name = PipelineFixtures.uniqueName("invalid");
    var oneStage = TestPipelines.named(name);
    assertThatThrownBy(() -> pipelines.create(oneStage.document()))
        .isInstanceOf(PipelineValidationException.class)
        .hasMessageContaining("Pipeline has only 1 stage(s)");
    assertThat(pipelineQueries.find(name, null)).isEmpty();
    assertThat(definitions(name)).isZero();
  }

  @Test
  @DisplayName("Given a pipeline, when one with the same name is created, then PipelineNameInUseException")
  void duplicateNameIsRefused() throws Exception {
    String name = PipelineFixtures.uniqueName("dup");
    var pipeline = TestPipelines.named(name).stage("Build", "Echo=echo");
    pipelines.create(pipeline.document());
    assertThatThrownBy(() -> pipelines.create(pipeline.document()))
        .isInstanceOfSatisfying(CodePipelineException.class,
            e -> assertThat(e.errorType()).isEqualTo("PipelineNameInUseException"));
    assertThat(definitions(name)).isEqualTo(1);
  }

  @Test
  @DisplayName("Given a pipeline with executions, when it is deleted, then its records and deployments are gone")
  void deleteRemovesEverything() throws Exception {
    String name = PipelineFixtures.uniqueName("delete");
    pipelines.create(TestPipelines.named(name).stage("Build", "Hold=" + gated(name)).document());
    pipelines.delete(name);
    assertThat(pipelineQueries.find(name, null)).isEmpty();
    assertThat(definitions(name)).isZero();
    assertThat(queries.executions(name, null, 0, 10)).isEmpty();
    pipelines.delete(name);
  }
}

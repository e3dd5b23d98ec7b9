package dev.flowline.api;

import static dev.flowline.api.SdkPipelines.APPROVAL_STAGE;
import static dev.flowline.api.SdkPipelines.SOURCE_STAGE;
import static dev.flowline.api.SdkPipelines.sourceThenApproval;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ConditionNotOverridableException;
import software.amazon.awssdk.services.codepipeline.model.ConditionType;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;
import software.amazon.awssdk.services.codepipeline.model.UnableToRollbackStageException;

/** RollbackStage and OverrideStageCondition through the SDK v2 client: their refusals arrive typed. */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RecoverySdkTest {
  @LocalServerPort
  int port;

  CodePipelineClient client;

  @BeforeAll
  void connect() {
    ApiTestData.putSourceObject();
    client = ApiClients.codePipeline(port);
  }

  @AfterAll
  void close() {
    client.close();
  }

  @Test
  @DisplayName("RollbackStage refuses a source stage, an unknown execution and an unknown pipeline")
  void rollbackRefusals() {
    String name = "recovery-" + UUID.randomUUID().toString().substring(0, 8);
    client.createPipeline(r -> r.pipeline(sourceThenApproval(name)));
    String id = client.listPipelineExecutions(r -> r.pipelineName(name)).pipelineExecutionSummaries().get(0)
        .pipelineExecutionId();
    assertThatThrownBy(() -> client.rollbackStage(r -> r.pipelineName(name).stageName(SOURCE_STAGE)
        .targetPipelineExecutionId(id))).isInstanceOf(UnableToRollbackStageException.class);
    assertThatThrownBy(() -> client.rollbackStage(r -> r.pipelineName(name).stageName(APPROVAL_STAGE)
        .targetPipelineExecutionId(UUID.randomUUID().toString())))
        .isInstanceOf(PipelineExecutionNotFoundException.class);
    assertThatThrownBy(() -> client.rollbackStage(r -> r.pipelineName("nope-" + name).stageName(APPROVAL_STAGE)
        .targetPipelineExecutionId(id))).isInstanceOf(PipelineNotFoundException.class);
  }

  @Test
  @DisplayName("OverrideStageCondition refuses a condition that has not failed")
  void overrideRefusal() {
    String name = "override-" + UUID.randomUUID().toString().substring(0, 8);
    client.createPipeline(r -> r.pipeline(sourceThenApproval(name)));
    String id = client.listPipelineExecutions(r -> r.pipelineName(name)).pipelineExecutionSummaries().get(0)
        .pipelineExecutionId();
    assertThatThrownBy(() -> client.overrideStageCondition(r -> r.pipelineName(name).stageName(APPROVAL_STAGE)
        .pipelineExecutionId(id).conditionType(ConditionType.BEFORE_ENTRY)))
        .isInstanceOf(ConditionNotOverridableException.class)
        .hasMessageContaining("does not allow overrides");
  }
}

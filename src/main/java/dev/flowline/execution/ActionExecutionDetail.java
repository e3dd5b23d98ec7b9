package dev.flowline.execution;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.flowline.pipeline.ActionTypeId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** ListActionExecutions' {@code ActionExecutionDetail}, member for member. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionExecutionDetail(
    String pipelineExecutionId,
    String actionExecutionId,
    Integer pipelineVersion,
    String stageName,
    String actionName,
    Instant startTime,
    Instant lastUpdateTime,
    String updatedBy,
    String status,
    Input input,
    Output output) {

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Input(
      ActionTypeId actionTypeId,
      Map<String, String> configuration,
      Map<String, String> resolvedConfiguration,
      String roleArn,
      String region,
      List<ArtifactDetail> inputArtifacts,
      String namespace) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Output(
      List<ArtifactDetail> outputArtifacts,
      ExecutionResult executionResult,
      Map<String, String> outputVariables) {}

  public record ArtifactDetail(String name, S3Location s3location) {}

  public record S3Location(String bucket, String key) {}

  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ExecutionResult(
      String externalExecutionId,
      String externalExecutionSummary,
      String externalExecutionUrl,
      PipelineState.ErrorDetails errorDetails,
      String logStreamARN) {}
}

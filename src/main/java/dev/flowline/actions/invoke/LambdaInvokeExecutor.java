package dev.flowline.actions.invoke;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.HandedJob;
import dev.flowline.actions.JobHandOff;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.aws.AwsErrors;
import dev.flowline.actions.aws.CheckedClient;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.InvocationType;
import software.amazon.awssdk.services.lambda.model.ResourceNotFoundException;

/**
 * CodePipeline's Lambda invoke action, {@code Invoke/AWS/Lambda/1} (0-5 input, 0-5 output artifacts): invokes
 * {@code FunctionName} asynchronously (InvocationType {@code Event}) with the {@code CodePipeline.job} event, exactly
 * as CodePipeline sends it, and leaves the result to the function: it calls PutJobSuccessResult or
 * PutJobFailureResult with the event's job id. A continuation token in PutJobSuccessResult invokes the function
 * again, with the token in the event. The function has 20 minutes to answer each invocation (CodePipeline's
 * window), within the action's timeout (24 hours).
 *
 * <p>The event carries {@code id}, {@code accountId} and {@code data}: {@code actionConfiguration} (FunctionName,
 * UserParameters), {@code inputArtifacts} and {@code outputArtifacts} with their S3 locations,
 * {@code artifactCredentials}, and {@code continuationToken} and {@code encryptionKey} when there are any. As AWS's
 * documented event, it carries neither {@code actionTypeId} nor {@code pipelineContext}.
 */
public final class LambdaInvokeExecutor implements JobHandOff {

  public static final ActionTypeSpec TYPE = new ActionTypeSpec(ActionTypeId.of("Invoke", "AWS", "Lambda", "1"),
      0, 5, 0, 5, List.of(
          ConfigurationProperty.required("FunctionName", "The name of the Lambda function to invoke"),
          ConfigurationProperty.optional("UserParameters", "A string the function receives in the job's data")),
      false, Duration.ofHours(24));

  /** CodePipeline's documented window: the function must report (or continue) within 20 minutes of an invocation. */
  static final Duration REPLY_WINDOW = Duration.ofMinutes(20);
  private static final List<String> EVENT_DATA = List.of("actionConfiguration", "inputArtifacts", "outputArtifacts",
      "artifactCredentials", "continuationToken", "encryptionKey");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AwsClients clients;

  public LambdaInvokeExecutor(AwsClients clients) {
    this.clients = clients;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public Duration replyTimeout() {
    return REPLY_WINDOW;
  }

  @Override
  public Optional<ActionResult.Failed> handOff(HandedJob job) {
    CheckedClient<LambdaClient> checked = clients.checked(job.job(), "lambda", LambdaClient::builder, "FunctionName");
    if (checked.failed()) {
      return Optional.of(checked.failure());
    }
    LambdaClient client = checked.client();
    String functionName = job.job().config("FunctionName");
    try {
      client.invoke(b -> b.functionName(functionName.strip()).invocationType(InvocationType.EVENT)
          .payload(SdkBytes.fromUtf8String(event(job))));
      return Optional.empty();
    } catch (ResourceNotFoundException e) {
      return Optional.of(ActionResult.Failed.jobFailed("The Lambda function " + functionName
          + " does not exist or cannot be reached: " + AwsErrors.message(e)));
    } catch (SdkException e) {
      return Optional.of(ActionResult.Failed.jobFailed("Error invoking Lambda function " + functionName + ": "
          + AwsErrors.message(e)));
    }
  }

  /** The {@code CodePipeline.job} event of {@code job}. */
  static String event(HandedJob job) {
    Map<String, Object> data = new LinkedHashMap<>();
    for (String member : EVENT_DATA) {
      Object value = job.data().get(member);
      if (value != null) {
        data.put(member, value);
      }
    }
    Map<String, Object> codePipelineJob = new LinkedHashMap<>();
    codePipelineJob.put("id", job.id());
    codePipelineJob.put("accountId", job.accountId());
    codePipelineJob.put("data", data);
    try {
      return JSON.writeValueAsString(Map.of("CodePipeline.job", codePipelineJob));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}

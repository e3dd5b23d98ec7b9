package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.execution.StoredPipeline;
import dev.flowline.execution.TagStore;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.triggers.PipelineWebhooks;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * PutWebhook: defines (or redefines, by name) a V1 webhook that starts {@code targetPipeline} when a POST to its
 * URL passes its authentication and JSONPath filters ({@code triggers/PipelineWebhookReceiver}). Refused: a
 * pipeline that does not exist, a {@code targetAction} it does not have, GITHUB_HMAC without a SecretToken or IP
 * without a valid CIDR {@code AllowedIPRange} (InvalidWebhookAuthenticationParametersException), a JSONPath the
 * library cannot compile (InvalidWebhookFilterPatternException). The SecretToken is stored encrypted and never
 * answered.
 */
@Component
class PutWebhookHandler implements OperationHandler {
  private final Pipelines pipelines;
  private final PipelineWebhooks webhooks;
  private final Webhooks views;
  private final TagStore tags;

  PutWebhookHandler(Pipelines pipelines, PipelineWebhooks webhooks, Webhooks views, TagStore tags) {
    this.pipelines = pipelines;
    this.webhooks = webhooks;
    this.views = views;
    this.tags = tags;
  }

  @Override
  public String name() {
    return "PutWebhook";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    JsonNode definition = input.path("webhook");
    StoredPipeline pipeline = pipelines.require(definition.path("targetPipeline").asText());
    String action = definition.path("targetAction").asText();
    boolean hasAction = pipeline.declaration().stagesOrEmpty().stream().flatMap(s -> s.actionsOrEmpty().stream())
        .anyMatch(a -> action.equals(a.name()));
    if (!hasAction) {
      throw new CodePipelineException("ValidationException", "The pipeline '" + pipeline.declaration().name()
          + "' has no action named '" + action + "'");
    }
    JsonNode configuration = definition.path("authenticationConfiguration");
    switch (definition.path("authentication").asText()) {
      case "GITHUB_HMAC" -> {
        if (!configuration.path("SecretToken").isTextual() || configuration.path("SecretToken").asText().isBlank()) {
          throw new CodePipelineException("InvalidWebhookAuthenticationParametersException",
              "GITHUB_HMAC authentication needs authenticationConfiguration.SecretToken");
        }
      }
      case "IP" -> {
        if (!PipelineWebhooks.validIpRange(configuration.path("AllowedIPRange").asText(null))) {
          throw new CodePipelineException("InvalidWebhookAuthenticationParametersException",
              "IP authentication needs authenticationConfiguration.AllowedIPRange as a CIDR block, e.g. 192.0.2.0/24");
        }
      }
      default -> { }
    }
    for (JsonNode filter : definition.path("filters")) {
      if (!PipelineWebhooks.validJsonPath(filter.path("jsonPath").asText())) {
        throw new CodePipelineException("InvalidWebhookFilterPatternException", "The JSONPath '"
            + filter.path("jsonPath").asText() + "' is not valid");
      }
    }
    var tagList = Inputs.tags(input.get("tags"));
    Inputs.refuseSystemTagKeys(tagList.stream().map(dev.flowline.pipeline.Tag::key).toList());
    PipelineWebhooks.Webhook stored = webhooks.put(definition);
    if (!tagList.isEmpty()) {
      tags.tag(views.arn(stored.name()), tagList);
    }
    return Map.of("webhook", views.item(stored));
  }
}

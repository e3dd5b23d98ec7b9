package dev.flowline.api;

import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.triggers.GitHubHooks;
import dev.flowline.triggers.PipelineWebhooks;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * What Register/DeregisterWebhookWithThirdParty need of a V1 webhook: its target action must be a
 * {@code Source/ThirdParty/GitHub/1} action, whose Owner, Repo and OAuthToken name the repository and the token
 * GitHub's API is called with; the webhook's URL and (GITHUB_HMAC) secret are what the hook delivers with.
 */
@Component
class ThirdPartyWebhooks {
  private final PipelineWebhooks webhooks;
  private final Webhooks views;
  private final Pipelines pipelines;
  private final GitHubHooks gitHub;

  ThirdPartyWebhooks(PipelineWebhooks webhooks, Webhooks views, Pipelines pipelines, GitHubHooks gitHub) {
    this.webhooks = webhooks;
    this.views = views;
    this.pipelines = pipelines;
    this.gitHub = gitHub;
  }

  record Target(String owner, String repo, String token, String url, String secret) {}

  Target target(String webhookName) {
    PipelineWebhooks.Webhook webhook = webhooks.find(webhookName).orElseThrow(() -> new CodePipelineException(
        "WebhookNotFoundException", "The specified webhook was entered in an invalid format or cannot be found."));
    String actionName = webhook.definition().path("targetAction").asText();
    ActionDeclaration action = pipelines.require(webhook.pipelineName()).declaration().stagesOrEmpty().stream()
        .flatMap(s -> s.actionsOrEmpty().stream()).filter(a -> actionName.equals(a.name())).findFirst()
        .orElseThrow(() -> ApiException.validation("The webhook '" + webhookName + "' targets action '" + actionName
            + "', which pipeline '" + webhook.pipelineName() + "' no longer has"));
    if (action.actionTypeId() == null || !"Source/ThirdParty/GitHub/1".equals(action.actionTypeId().topic())) {
      throw ApiException.validation("The webhook '" + webhookName + "' targets action '" + actionName + "', which is "
          + "not a ThirdParty GitHub source: only GitHub webhooks can be registered with a third party");
    }
    Map<String, String> configuration = action.configurationOrEmpty();
    String url = String.valueOf(views.item(webhook).get("url"));
    String secret = "GITHUB_HMAC".equals(webhook.authentication()) ? webhooks.secret(webhookName).orElse(null) : null;
    return new Target(configuration.get("Owner"), configuration.get("Repo"), configuration.get("OAuthToken"), url,
        secret);
  }

  GitHubHooks gitHub() {
    return gitHub;
  }

  static CodePipelineException refused(String webhookName, GitHubHooks.Refused e) {
    return ApiException.validation("GitHub refused the webhook '" + webhookName + "': " + e.getMessage());
  }
}

package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.triggers.GitHubHooks;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * RegisterWebhookWithThirdParty: creates a push hook on the target action's GitHub repository that delivers to the
 * webhook's URL (with its GITHUB_HMAC secret), with the action's OAuthToken, through GitHub's REST API
 * ({@code flowline.github.api-url}). A hook already there for that URL counts as registered.
 */
@Component
class RegisterWebhookWithThirdPartyHandler implements OperationHandler {
  private final ThirdPartyWebhooks thirdParty;

  RegisterWebhookWithThirdPartyHandler(ThirdPartyWebhooks thirdParty) {
    this.thirdParty = thirdParty;
  }

  @Override
  public String name() {
    return "RegisterWebhookWithThirdParty";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String name = Inputs.text(input, "webhookName");
    ThirdPartyWebhooks.Target target = thirdParty.target(name);
    try {
      thirdParty.gitHub().register(target.owner(), target.repo(), target.token(), target.url(), target.secret());
    } catch (GitHubHooks.Refused e) {
      throw ThirdPartyWebhooks.refused(name, e);
    }
    return Map.of();
  }
}

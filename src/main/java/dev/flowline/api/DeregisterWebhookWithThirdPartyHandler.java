package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.triggers.GitHubHooks;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * DeregisterWebhookWithThirdParty: deletes the hooks of the target action's GitHub repository that deliver to the
 * webhook's URL (GitHub's REST API, the action's OAuthToken); none there is no error. The V1 webhook itself stays
 * (DeleteWebhook removes it), as on AWS.
 */
@Component
class DeregisterWebhookWithThirdPartyHandler implements OperationHandler {
  private final ThirdPartyWebhooks thirdParty;

  DeregisterWebhookWithThirdPartyHandler(ThirdPartyWebhooks thirdParty) {
    this.thirdParty = thirdParty;
  }

  @Override
  public String name() {
    return "DeregisterWebhookWithThirdParty";
  }

  @Override
  public Object handle(JsonNode input, CallContext context) {
    String name = Inputs.text(input, "webhookName");
    ThirdPartyWebhooks.Target target = thirdParty.target(name);
    try {
      thirdParty.gitHub().deregister(target.owner(), target.repo(), target.token(), target.url());
    } catch (GitHubHooks.Refused e) {
      throw ThirdPartyWebhooks.refused(name, e);
    }
    return Map.of();
  }
}

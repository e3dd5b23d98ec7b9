package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.sigv4.VerifiedCaller;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.Permission;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Decides whether a verified caller may call an operation, before its handler runs (so a refusal changes
 * nothing): the caller is the Camunda user its key pair names ({@code flowline.api.credentials[n].user}),
 * the operation's permission comes from {@link OperationPermissions}, and the user's role groups grant it or
 * not ({@link AccessControl}). A refusal is AWS's {@code AccessDeniedException} with IAM's wording.
 */
@Component
class Authorizer {
  private final AccessControl access;
  private final ApiProperties properties;

  Authorizer(AccessControl access, ApiProperties properties) {
    this.access = access;
    this.properties = properties;
  }

  /** Throws {@code AccessDeniedException} unless {@code caller} may call {@code operation} on {@code service}. */
  void check(VerifiedCaller caller, String service, String operation, JsonNode input) {
    Optional<Permission> required = OperationPermissions.required(service, operation);
    boolean allowed = required.isPresent() && switch (required.get()) {
      case APPROVE -> mayApprove(caller.user(), input);
      default -> access.permits(caller.user(), required.get());
    };
    if (!allowed) {
      throw new ApiException("AccessDeniedException", "User: " + properties.callerArn(caller.user())
          + " is not authorized to perform: " + service + ":" + operation + " on resource: "
          + resourceArn(service, input));
    }
  }

  private boolean mayApprove(String user, JsonNode input) {
    JsonNode pipeline = input.path("pipelineName");
    JsonNode token = input.path("token");
    return pipeline.isTextual() && token.isTextual()
        ? access.mayApprove(user, pipeline.asText(), token.asText())
        : access.permits(user, Permission.APPROVE);
  }

  private String resourceArn(String service, JsonNode input) {
    String prefix = "arn:aws:" + service + ":" + properties.region() + ":" + properties.accountId() + ":";
    for (String member : new String[] {"resourceArn", "pipelineName", "name", "repositoryName"}) {
      JsonNode value = input.path(member);
      if (value.isTextual() && !value.asText().isEmpty()) {
        String text = value.asText().length() > 200 ? value.asText().substring(0, 200) : value.asText();
        return text.startsWith("arn:") ? text : prefix + text;
      }
    }
    JsonNode declared = input.path("pipeline").path("name");
    return declared.isTextual() ? prefix + declared.asText() : prefix + "*";
  }
}

package dev.flowline.engine.jobs;

import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowline.jobs.*}: how long a polled job waits for AcknowledgeJob before it returns to the queue
 * ({@code acknowledge-timeout}), how often jobs whose time ran out are looked for ({@code sweep-interval}), how
 * often jobs handed to something outside Flowline (the Lambda invoke action) are looked for
 * ({@code hand-off-interval}), and the partner action types served by PollForThirdPartyJobs
 * ({@code third-party-action-types}).
 */
@ConfigurationProperties(prefix = "flowline.jobs")
public record JobProperties(
    @DefaultValue("60s") Duration acknowledgeTimeout,
    @DefaultValue("5s") Duration sweepInterval,
    @DefaultValue("1s") Duration handOffInterval,
    List<ThirdPartyActionType> thirdPartyActionTypes) {

  public JobProperties {
    thirdPartyActionTypes = thirdPartyActionTypes == null ? List.of() : List.copyOf(thirdPartyActionTypes);
  }

  /**
   * A partner action type (owner {@code ThirdParty}): CodePipeline's partners register theirs with AWS; here the
   * administrator lists them. {@code clientToken} is the secret half of the partner's clientId/clientToken pair:
   * every ThirdParty job operation but the poll must present it. {@code clientId} (a UUID) is what
   * PollForThirdPartyJobs returns with each job; derived from the type when not given.
   */
  public record ThirdPartyActionType(String category, String provider, @DefaultValue("1") String version,
      @DefaultValue("0") int minInputArtifacts, @DefaultValue("5") int maxInputArtifacts,
      @DefaultValue("0") int minOutputArtifacts, @DefaultValue("5") int maxOutputArtifacts,
      List<String> configurationProperties, String clientId, String clientToken) {

    public ThirdPartyActionType {
      if (category == null || provider == null || category.isBlank() || provider.isBlank()) {
        throw new IllegalStateException("flowline.jobs.third-party-action-types: every type needs a category and a"
            + " provider");
      }
      if (clientToken == null || clientToken.isBlank()) {
        throw new IllegalStateException("flowline.jobs.third-party-action-types: " + category + "/" + provider
            + " needs a client-token (the secret its job workers present)");
      }
      configurationProperties = configurationProperties == null ? List.of() : List.copyOf(configurationProperties);
      if (clientId == null || clientId.isBlank()) {
        clientId = UUID.nameUUIDFromBytes((category + "/" + provider + "/" + version)
            .getBytes(StandardCharsets.UTF_8)).toString();
      }
    }

    public ActionTypeId id() {
      return ActionTypeId.of(category, "ThirdParty", provider, version);
    }

    /** What validation knows of it: its artifact bounds, optional configuration keys, and 24 hours to run. */
    public ActionTypeSpec spec() {
      return new ActionTypeSpec(id(), minInputArtifacts, maxInputArtifacts, minOutputArtifacts, maxOutputArtifacts,
          configurationProperties.stream().map(name -> ActionTypeSpec.ConfigurationProperty.optional(name, name))
              .toList(), false, Duration.ofHours(24));
    }

    @Override
    public String toString() {
      return "ThirdPartyActionType[" + id().topic() + ", clientId=" + clientId + ", clientToken=****]";
    }
  }
}

package dev.flowline.pipeline;

import java.time.Duration;
import java.util.List;

/**
 * What validation and the API need to know about an action type: its identity, how many input and
 * output artifacts it takes, its configuration properties, whether only V2 pipelines may use it, and
 * how long an action of this type may run before it times out (CodePipeline's defaults).
 */
public record ActionTypeSpec(
    ActionTypeId id,
    int minInputArtifacts,
    int maxInputArtifacts,
    int minOutputArtifacts,
    int maxOutputArtifacts,
    List<ConfigurationProperty> configurationProperties,
    boolean v2Only,
    Duration defaultTimeout) {

  /**
   * A configuration key of an action type. Secret values are masked as {@code ****} when shown; a queryable
   * one (at most one per type, custom types only) narrows PollForJobs by {@code queryParam}. {@code type} is
   * CodePipeline's String, Number or Boolean.
   */
  public record ConfigurationProperty(String name, boolean required, boolean key, boolean secret, boolean queryable,
      String description, String type) {

    public ConfigurationProperty(String name, boolean required, boolean secret, String description) {
      this(name, required, true, secret, false, description, "String");
    }

    public static ConfigurationProperty required(String name, String description) {
      return new ConfigurationProperty(name, true, false, description);
    }

    public static ConfigurationProperty optional(String name, String description) {
      return new ConfigurationProperty(name, false, false, description);
    }
  }
}

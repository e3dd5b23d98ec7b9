package dev.flowline.pipeline;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The identity of an action type: category, owner, provider, version. Its {@link #topic()} is the
 * Camunda external-task topic that workers for this type subscribe to.
 */
@JsonPropertyOrder({"category", "owner", "provider", "version"})
public record ActionTypeId(String category, String owner, String provider, String version) {

  public static ActionTypeId of(String category, String owner, String provider, String version) {
    return new ActionTypeId(category, owner, provider, version);
  }

  /** {@code Build/AWS/CodeBuild/1}: the external-task topic of this action type. */
  public String topic() {
    return category + "/" + owner + "/" + provider + "/" + version;
  }

  public static ActionTypeId fromTopic(String topic) {
    String[] parts = topic.split("/", 4);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an action type topic: " + topic);
    }
    return new ActionTypeId(parts[0], parts[1], parts[2], parts[3]);
  }

  @Override
  public String toString() {
    return topic();
  }
}

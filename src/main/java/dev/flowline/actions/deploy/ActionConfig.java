package dev.flowline.actions.deploy;

import dev.flowline.actions.ActionJob;

/**
 * Reading an action's configuration keys the way CodePipeline reports them: a missing required key is an
 * {@link IllegalArgumentException} whose message is AWS's ("Action configuration is missing required
 * configuration 'X'"), which the executor turns into a ConfigurationError.
 */
final class ActionConfig {

  private ActionConfig() {}

  static String required(ActionJob job, String key) {
    String value = optional(job, key);
    if (value == null) {
      throw new IllegalArgumentException("Action configuration is missing required configuration '" + key + "'");
    }
    return value;
  }

  /** The stripped value, or null when the key is absent or blank. */
  static String optional(ActionJob job, String key) {
    String value = job.config(key);
    return value == null || value.isBlank() ? null : value.strip();
  }

  static String optional(ActionJob job, String key, String defaultValue) {
    String value = optional(job, key);
    return value == null ? defaultValue : value;
  }

  /** A whole number in [min, max], or {@code defaultValue} when absent. */
  static int number(ActionJob job, String key, int min, int max, int defaultValue) {
    String value = optional(job, key);
    if (value == null) {
      return defaultValue;
    }
    try {
      int number = Integer.parseInt(value);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // falls through to the message below
    }
    throw new IllegalArgumentException(key + " '" + value + "' must be a whole number from " + min + " to " + max);
  }
}

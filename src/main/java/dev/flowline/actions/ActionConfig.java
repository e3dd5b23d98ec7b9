package dev.flowline.actions;

import java.util.Optional;

/**
 * Reading an action's configuration keys the way CodePipeline reports them: a required key that is absent or
 * blank is AWS's "Action configuration is missing required configuration 'X'", as the ConfigurationError an
 * executor returns ({@link #missing}) or as an {@link IllegalArgumentException} with that message
 * ({@link #required}) that the executor turns into one.
 */
public final class ActionConfig {

  private ActionConfig() {}

  /** The ConfigurationError for the first of {@code keys} that is absent or blank; empty when all are given. */
  public static Optional<ActionResult.Failed> missing(ActionJob job, String... keys) {
    for (String key : keys) {
      if (optional(job, key) == null) {
        return Optional.of(ActionResult.Failed.configurationError(missingMessage(key)));
      }
    }
    return Optional.empty();
  }

  /** The stripped value; an {@link IllegalArgumentException} with AWS's message when absent or blank. */
  public static String required(ActionJob job, String key) {
    String value = optional(job, key);
    if (value == null) {
      throw new IllegalArgumentException(missingMessage(key));
    }
    return value;
  }

  private static String missingMessage(String key) {
    return "Action configuration is missing required configuration '" + key + "'";
  }

  /** The stripped value, or null when the key is absent or blank. */
  public static String optional(ActionJob job, String key) {
    String value = job.config(key);
    return value == null || value.isBlank() ? null : value.strip();
  }

  public static String optional(ActionJob job, String key, String defaultValue) {
    String value = optional(job, key);
    return value == null ? defaultValue : value;
  }

  /** A whole number in [min, max], or {@code defaultValue} when absent. */
  public static int number(ActionJob job, String key, int min, int max, int defaultValue) {
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

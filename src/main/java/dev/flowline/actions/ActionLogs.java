package dev.flowline.actions;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where action logs live: {@code <dataDir>/logs/<actionExecutionId>.log}, served at
 * {@code /flowline/logs/<actionExecutionId>}. Only ids shaped like CodePipeline's action execution ids
 * (lower-case UUIDs) are accepted, so an id can never name a path outside the log directory.
 */
public final class ActionLogs {

  private static final Pattern ACTION_EXECUTION_ID = Pattern.compile("[0-9a-f-]{36}");
  private final Path directory;

  public ActionLogs(Path dataDir) {
    this.directory = dataDir.toAbsolutePath().normalize().resolve("logs");
  }

  public static boolean isValidId(String actionExecutionId) {
    return actionExecutionId != null && ACTION_EXECUTION_ID.matcher(actionExecutionId).matches();
  }

  /** The log file of an action execution; throws IllegalArgumentException for an id that is not valid. */
  public Path file(String actionExecutionId) {
    requireValid(actionExecutionId);
    return directory.resolve(actionExecutionId + ".log");
  }

  /** The URL of the log, relative to Flowline's base URL. */
  public static String url(String actionExecutionId) {
    requireValid(actionExecutionId);
    return "/flowline/logs/" + actionExecutionId;
  }

  private static void requireValid(String actionExecutionId) {
    if (!isValidId(actionExecutionId)) {
      throw new IllegalArgumentException("Not an action execution id: " + actionExecutionId);
    }
  }
}

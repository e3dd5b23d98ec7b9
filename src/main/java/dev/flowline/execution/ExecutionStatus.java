package dev.flowline.execution;

/** The status values CodePipeline uses for executions, stages and actions. */
public final class ExecutionStatus {
  public static final String IN_PROGRESS = "InProgress";
  public static final String SUCCEEDED = "Succeeded";
  public static final String FAILED = "Failed";
  public static final String STOPPING = "Stopping";
  public static final String STOPPED = "Stopped";
  public static final String SUPERSEDED = "Superseded";
  public static final String CANCELLED = "Cancelled";
  public static final String ABANDONED = "Abandoned";
  public static final String SKIPPED = "Skipped";

  private ExecutionStatus() {}

  public static boolean isFinal(String status) {
    return !IN_PROGRESS.equals(status) && !STOPPING.equals(status);
  }
}

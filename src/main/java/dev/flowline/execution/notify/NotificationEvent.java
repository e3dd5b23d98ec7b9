package dev.flowline.execution.notify;

/**
 * A pipeline event a rule may ask for, with what CodePipeline's EventBridge event says about it.
 *
 * @param type the rule's event type: {@code execution-started}, {@code execution-succeeded},
 *     {@code execution-failed}, {@code execution-superseded}, {@code execution-stopping},
 *     {@code execution-stopped}, {@code execution-canceled}, {@code stage-state-change},
 *     {@code action-state-change} or {@code approval-needed}
 * @param state EventBridge's state word (STARTED, SUCCEEDED, FAILED, ...)
 * @param stage the stage, for stage and action events
 * @param action the action, for action events
 * @param actionCategory the action's category (Source, Build, Approval, ...), for action events
 * @param actionOwner its owner
 * @param actionProvider its provider
 * @param actionVersion its version
 */
public record NotificationEvent(String type, String pipeline, int version, String executionId, String state,
    String stage, String action, String actionCategory, String actionOwner, String actionProvider,
    String actionVersion) {

  public static final String EXECUTION_STARTED = "execution-started";
  public static final String EXECUTION_SUCCEEDED = "execution-succeeded";
  public static final String EXECUTION_FAILED = "execution-failed";
  public static final String EXECUTION_SUPERSEDED = "execution-superseded";
  public static final String EXECUTION_STOPPING = "execution-stopping";
  public static final String EXECUTION_STOPPED = "execution-stopped";
  public static final String EXECUTION_CANCELED = "execution-canceled";
  public static final String STAGE_STATE_CHANGE = "stage-state-change";
  public static final String ACTION_STATE_CHANGE = "action-state-change";
  public static final String APPROVAL_NEEDED = "approval-needed";
  public static final java.util.List<String> TYPES = java.util.List.of(EXECUTION_STARTED, EXECUTION_SUCCEEDED,
      EXECUTION_FAILED, EXECUTION_SUPERSEDED, EXECUTION_STOPPING, EXECUTION_STOPPED, EXECUTION_CANCELED,
      STAGE_STATE_CHANGE, ACTION_STATE_CHANGE, APPROVAL_NEEDED);

  /**
   * EventBridge's word for a Flowline status (InProgress is STARTED). The words per level are AWS's: an execution
   * and a stage may be STOPPING, STOPPED or CANCELED; an action ABANDONED (stop and abandon) or CANCELED.
   */
  public static String state(String status) {
    return switch (status) {
      case "InProgress" -> "STARTED";
      case "Succeeded" -> "SUCCEEDED";
      case "Failed" -> "FAILED";
      case "Stopped" -> "STOPPED";
      case "Stopping" -> "STOPPING";
      case "Superseded" -> "SUPERSEDED";
      case "Abandoned" -> "ABANDONED";
      case "Cancelled" -> "CANCELED";
      default -> status.toUpperCase(java.util.Locale.ROOT);
    };
  }

  /** The rule event type of an execution reaching {@code status}, or null when no rule can ask for it. */
  public static String executionType(String status) {
    return switch (status) {
      case "InProgress" -> EXECUTION_STARTED;
      case "Succeeded" -> EXECUTION_SUCCEEDED;
      case "Failed" -> EXECUTION_FAILED;
      case "Superseded" -> EXECUTION_SUPERSEDED;
      case "Stopping" -> EXECUTION_STOPPING;
      case "Stopped" -> EXECUTION_STOPPED;
      case "Cancelled" -> EXECUTION_CANCELED;
      default -> null;
    };
  }

  String detailType() {
    if (stage == null) {
      return "CodePipeline Pipeline Execution State Change";
    }
    return action == null ? "CodePipeline Stage Execution State Change" : "CodePipeline Action Execution State Change";
  }
}

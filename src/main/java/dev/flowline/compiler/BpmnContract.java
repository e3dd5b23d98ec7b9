package dev.flowline.compiler;

/**
 * The contract between a pipeline declaration and its BPMN, written once: the element id prefixes, message
 * names, error codes, bean names and extension property names that {@link PipelineCompiler} emits,
 * {@link PipelineBpmnReader} parses, the engine's listeners match and the Modeler's element templates bind.
 * Nobody else spells these strings; docs/mapping.md describes them.
 */
public final class BpmnContract {

  private BpmnContract() {}

  /** The Camunda extension namespace (camunda:topic, camunda:properties, ...). */
  public static final String CAMUNDA_NS = "http://camunda.org/schema/1.0/bpmn";

  // ---- element ids the compiler gives and the engine's listeners match (all NCName-escaped names)
  /** The process definition key of a pipeline: {@code Pipeline_<name>}; no other process may start so. */
  public static final String PROCESS_KEY_PREFIX = "Pipeline_";
  /** The execution's start event. */
  public static final String START_ID = "Start";
  /** The end event of a succeeded execution. */
  public static final String END_ID = "End";
  /** {@code Gate_<stage>}: the exclusive gateway "may enter the stage?". */
  public static final String GATE_PREFIX = "Gate_";
  /** {@code Wait_<stage>}: the message catch event in front of a closed gate. */
  public static final String WAIT_PREFIX = "Wait_";
  /** {@code Message_Admit_<stage>}: the message definition the wait event catches. */
  public static final String ADMIT_MESSAGE_ID_PREFIX = "Message_Admit_";
  /** {@code Stage_<stage>}: the stage's embedded sub-process ({@code Stage_<stage>_Start}, {@code _End} inside). */
  public static final String STAGE_PREFIX = "Stage_";
  /** {@code Failed_<stage>}: the error boundary event of a stage. */
  public static final String FAILED_PREFIX = "Failed_";
  /** {@code End_Failed_<stage>}: where a failed execution ends. */
  public static final String END_FAILED_PREFIX = "End_Failed_";
  /** {@code Action_<stage>_<action>}: an action's external task or approval user task. */
  public static final String ACTION_PREFIX = "Action_";
  /** {@code Timeout_<stage>_<action>}: the timer boundary event of an approval. */
  public static final String TIMEOUT_PREFIX = "Timeout_";
  /** {@code TimedOut_<stage>_<action>}: the error end event an approval's timeout leads to. */
  public static final String TIMED_OUT_PREFIX = "TimedOut_";
  /**
   * {@code Rejection_<stage>_<action>}: the error boundary event of an approval that catches the rejection (the
   * {@code ActionFailed} error its completion throws), so the diagram draws the rejected path.
   */
  public static final String REJECTION_PREFIX = "Rejection_";
  /** {@code Rejected_<stage>_<action>}: the error end event a rejection leads to; it fails the stage. */
  public static final String REJECTED_PREFIX = "Rejected_";
  /** {@code Fork_<stage>_<runOrder>} / {@code Join_<stage>_<runOrder>}: parallel gateways of a runOrder group. */
  public static final String FORK_PREFIX = "Fork_";
  public static final String JOIN_PREFIX = "Join_";
  /** {@code Flow_<from>_<to>}: sequence flows. */
  public static final String FLOW_PREFIX = "Flow_";
  /** {@code Definitions_<process key>}. */
  public static final String DEFINITIONS_PREFIX = "Definitions_";
  /** {@code Error_ActionFailed}: the one error definition of a pipeline. */
  public static final String ERROR_ID_PREFIX = "Error_";

  // ---- messages, errors, beans
  /** {@code flowline.admit.<stage name>}: the message that admits a waiting execution into a stage. */
  public static final String ADMIT_MESSAGE_PREFIX = "flowline.admit.";
  /** The BPMN error code that fails a stage (an action failed, an approval was rejected or timed out, ...). */
  public static final String ACTION_FAILED = "ActionFailed";
  /** The Spring bean a gate's condition calls: {@code ${flowlineStageGate.admit(execution, '<stage>')}}. */
  public static final String STAGE_GATE_BEAN = "flowlineStageGate";
  /** Camunda's task type of an action: an external task on the action type's topic. */
  public static final String EXTERNAL_TASK_TYPE = "external";
  /** An approval's timeout when the action declares none (CodePipeline's 7 days). */
  public static final String DEFAULT_APPROVAL_TIMEOUT = "P7D";

  // ---- extension properties (camunda:property name=...) carrying the declaration
  /** Every property of the declaration starts with this. */
  public static final String PROPERTY_PREFIX = "flowline.";
  public static final String PIPELINE_PREFIX = "flowline.pipeline.";
  public static final String PIPELINE_NAME = "flowline.pipeline.name";
  public static final String PIPELINE_ROLE_ARN = "flowline.pipeline.roleArn";
  public static final String PIPELINE_TYPE = "flowline.pipeline.pipelineType";
  public static final String PIPELINE_EXECUTION_MODE = "flowline.pipeline.executionMode";
  /** JSON object, as in the declaration. */
  public static final String PIPELINE_ARTIFACT_STORE = "flowline.pipeline.artifactStore";
  /** JSON object (region to store). */
  public static final String PIPELINE_ARTIFACT_STORES = "flowline.pipeline.artifactStores";
  /** JSON array. */
  public static final String PIPELINE_VARIABLES = "flowline.pipeline.variables";
  /** JSON array. */
  public static final String PIPELINE_TRIGGERS = "flowline.pipeline.triggers";

  public static final String STAGE_NAME = "flowline.stage.name";
  /** JSON object each, as in the declaration. */
  public static final String STAGE_ON_FAILURE = "flowline.stage.onFailure";
  public static final String STAGE_ON_SUCCESS = "flowline.stage.onSuccess";
  public static final String STAGE_BEFORE_ENTRY = "flowline.stage.beforeEntry";
  /** JSON array. */
  public static final String STAGE_BLOCKERS = "flowline.stage.blockers";

  public static final String ACTION_NAME = "flowline.action.name";
  /** {@code Category/Owner/Provider/Version}, the same text as the external task's topic. */
  public static final String ACTION_TYPE_ID = "flowline.action.actionTypeId";
  /** Integer; optional, derived from the flow when absent. */
  public static final String ACTION_RUN_ORDER = "flowline.action.runOrder";
  /**
   * Integer, 0-based: the action's place in its stage's {@code actions} list. Written only for the actions of
   * a stage that lists them out of runOrder order (the flow alone would read them back sorted); the reader
   * orders by it when every action of the stage carries a distinct one, and ignores it otherwise.
   */
  public static final String ACTION_POSITION = "flowline.action.position";
  /** Comma-separated artifact names, or a JSON array as in the declaration. */
  public static final String ACTION_INPUT_ARTIFACTS = "flowline.action.inputArtifacts";
  public static final String ACTION_OUTPUT_ARTIFACTS = "flowline.action.outputArtifacts";
  public static final String ACTION_NAMESPACE = "flowline.action.namespace";
  public static final String ACTION_REGION = "flowline.action.region";
  public static final String ACTION_ROLE_ARN = "flowline.action.roleArn";
  /** Integer. */
  public static final String ACTION_TIMEOUT_IN_MINUTES = "flowline.action.timeoutInMinutes";
  /** JSON array of strings. */
  public static final String ACTION_COMMANDS = "flowline.action.commands";
  /** JSON array of strings. */
  public static final String ACTION_OUTPUT_VARIABLES = "flowline.action.outputVariables";
  /** JSON array of {name, value, type}. */
  public static final String ACTION_ENVIRONMENT_VARIABLES = "flowline.action.environmentVariables";
  /** JSON object; written only for a declared empty configuration ({@code {}}), else the keys below. */
  public static final String ACTION_CONFIGURATION = "flowline.action.configuration";
  /** {@code flowline.config.<Key>}: one property per (non-secret) configuration key. */
  public static final String CONFIG_PREFIX = "flowline.config.";

  /** True when a process definition key is a pipeline's. */
  public static boolean isPipelineKey(String processKey) {
    return processKey != null && processKey.startsWith(PROCESS_KEY_PREFIX);
  }

  /** True when an activity id is a stage's sub-process. */
  public static boolean isStage(String activityId) {
    return activityId != null && activityId.startsWith(STAGE_PREFIX);
  }

  /** True when an activity id is an action's task (external task or approval). */
  public static boolean isAction(String activityId) {
    return activityId != null && activityId.startsWith(ACTION_PREFIX);
  }

  /** True when an activity id is a stage's error boundary event. */
  public static boolean isStageFailed(String activityId) {
    return activityId != null && activityId.startsWith(FAILED_PREFIX);
  }

  /** True when an activity id is an approval's timer boundary event. */
  public static boolean isApprovalTimeout(String activityId) {
    return activityId != null && activityId.startsWith(TIMEOUT_PREFIX);
  }

  /** The message that admits a waiting execution into {@code stageName}. */
  public static String admitMessage(String stageName) {
    return ADMIT_MESSAGE_PREFIX + stageName;
  }
}

package dev.flowline.compiler;

/** What a compiled BPMN element stands for in the pipeline. */
public enum Kind {
  /** The process start event {@code Start}. */
  START,
  /** The exclusive gateway {@code Gate_<S>} in front of a stage: enter now or wait. */
  GATE,
  /** The message catch event {@code Wait_<S>} where an execution waits until the gate admits it. */
  WAIT,
  /** The embedded sub-process {@code Stage_<S>}. */
  STAGE,
  /** An external service task {@code Action_<S>_<A>}; its topic is the action type. */
  ACTION,
  /** A manual-approval user task {@code Action_<S>_<A>}. */
  APPROVAL,
  /** The interrupting timer boundary {@code Timeout_<S>_<A>} of an approval. */
  APPROVAL_TIMEOUT,
  /** The error boundary {@code Rejection_<S>_<A>} of an approval: the rejected path. */
  APPROVAL_REJECTION,
  /** The error boundary {@code Failed_<S>} that catches {@code ActionFailed} on a stage. */
  STAGE_FAILED,
  /** The end event {@code End_Failed_<S>} reached when a stage failed. */
  END_FAILED,
  /** The end event {@code End} reached when every stage succeeded. */
  END_SUCCEEDED
}

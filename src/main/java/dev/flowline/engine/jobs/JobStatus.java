package dev.flowline.engine.jobs;

/** CodePipeline's JobStatus, as far as a job handed to a remote worker goes through it. */
public enum JobStatus {
  /** Handed out by a poll, waiting for AcknowledgeJob. */
  Dispatched,
  /** Acknowledged: the worker holds the job until it reports or the action times out. */
  InProgress,
  /** Not acknowledged in time (the job went back to the queue), or the action timed out. */
  TimedOut,
  Succeeded,
  Failed
}

package dev.flowline.engine;

/**
 * What a caller may do, whatever the surface (CodePipeline/CodeCommit API, git over HTTP, Flowline's pages).
 * Each role group grants some of these (see {@link RoleGroups} and docs/security.md); Camunda's own surfaces
 * (Cockpit, Tasklist, /engine-rest) are governed by the Camunda authorizations the same groups hold.
 */
public enum Permission {
  /** Pipelines, executions, state, history, action logs, repositories: reading only. */
  READ,
  /** Start, stop, retry, rollback, transitions, condition overrides. */
  OPERATE,
  /** Create, update, delete and tag pipelines and repositories. */
  EDIT,
  /** Approve or reject a manual approval; checked against the approval's candidates, see AccessControl. */
  APPROVE,
  /**
   * Serve jobs of custom action types: PollForJobs, AcknowledgeJob, GetJobDetails, Put*JobResult. A job carries
   * its action's secret configuration and its artifacts' locations, so reading pipelines does not imply it.
   */
  WORK_JOBS,
  /** Everything, including users, groups and authorizations. */
  ADMINISTER
}

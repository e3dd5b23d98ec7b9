package dev.flowline.api;

import dev.flowline.engine.Permission;
import java.util.Map;
import java.util.Optional;

/**
 * The permission each API operation needs, per service (its SigV4 signing name). An implemented operation
 * missing from this table is refused for everyone, administrators included ({@code AccessDeniedException}):
 * a new operation is not callable until it gets a row here, so adding a handler cannot open a hole by
 * accident. (An operation without a handler answers {@code UnsupportedOperationException} before this.)
 * To add one, put {@code "OperationName", Permission.X} in its service's map and a line in docs/security.md.
 */
final class OperationPermissions {

  private static final Map<String, Permission> CONNECTIONS = Map.ofEntries(
      Map.entry("GetConnection", Permission.READ),
      Map.entry("ListConnections", Permission.READ),
      Map.entry("GetHost", Permission.READ),
      Map.entry("ListHosts", Permission.READ),
      Map.entry("ListTagsForResource", Permission.READ),
      Map.entry("CreateConnection", Permission.EDIT),
      Map.entry("DeleteConnection", Permission.EDIT),
      Map.entry("TagResource", Permission.EDIT),
      Map.entry("UntagResource", Permission.EDIT),
      Map.entry("CreateHost", Permission.ADMINISTER),
      Map.entry("DeleteHost", Permission.ADMINISTER));

  private static final Map<String, Map<String, Permission>> TABLE = Map.of(
      "codepipeline", Map.ofEntries(
          Map.entry("GetPipeline", Permission.READ),
          Map.entry("GetPipelineState", Permission.READ),
          Map.entry("GetPipelineExecution", Permission.READ),
          Map.entry("ListPipelines", Permission.READ),
          Map.entry("ListPipelineExecutions", Permission.READ),
          Map.entry("ListActionExecutions", Permission.READ),
          Map.entry("ListActionTypes", Permission.READ),
          Map.entry("GetActionType", Permission.READ),
          Map.entry("ListTagsForResource", Permission.READ),
          Map.entry("ListRuleTypes", Permission.READ),
          Map.entry("ListRuleExecutions", Permission.READ),
          Map.entry("ListWebhooks", Permission.READ),
          Map.entry("ListDeployActionExecutionTargets", Permission.READ),
          Map.entry("CreatePipeline", Permission.EDIT),
          Map.entry("UpdatePipeline", Permission.EDIT),
          Map.entry("DeletePipeline", Permission.EDIT),
          Map.entry("TagResource", Permission.EDIT),
          Map.entry("UntagResource", Permission.EDIT),
          Map.entry("PutWebhook", Permission.EDIT),
          Map.entry("DeleteWebhook", Permission.EDIT),
          Map.entry("StartPipelineExecution", Permission.OPERATE),
          Map.entry("StopPipelineExecution", Permission.OPERATE),
          Map.entry("RetryStageExecution", Permission.OPERATE),
          Map.entry("RollbackStage", Permission.OPERATE),
          Map.entry("OverrideStageCondition", Permission.OPERATE),
          Map.entry("EnableStageTransition", Permission.OPERATE),
          Map.entry("DisableStageTransition", Permission.OPERATE),
          Map.entry("PutApprovalResult", Permission.APPROVE),
          Map.entry("CreateCustomActionType", Permission.ADMINISTER),
          Map.entry("UpdateActionType", Permission.ADMINISTER),
          Map.entry("DeleteCustomActionType", Permission.ADMINISTER),
          Map.entry("PollForJobs", Permission.WORK_JOBS),
          Map.entry("AcknowledgeJob", Permission.WORK_JOBS),
          Map.entry("GetJobDetails", Permission.WORK_JOBS),
          Map.entry("PutJobSuccessResult", Permission.WORK_JOBS),
          Map.entry("PutJobFailureResult", Permission.WORK_JOBS),
          // third-party jobs (issue 12): partners' job workers, under the same role as custom actions' workers
          Map.entry("PollForThirdPartyJobs", Permission.WORK_JOBS),
          Map.entry("AcknowledgeThirdPartyJob", Permission.WORK_JOBS),
          Map.entry("GetThirdPartyJobDetails", Permission.WORK_JOBS),
          Map.entry("PutThirdPartyJobSuccessResult", Permission.WORK_JOBS),
          Map.entry("PutThirdPartyJobFailureResult", Permission.WORK_JOBS),
          // V1 webhooks registered with GitHub (issue 14): like PutWebhook/DeleteWebhook
          Map.entry("RegisterWebhookWithThirdParty", Permission.EDIT),
          Map.entry("DeregisterWebhookWithThirdParty", Permission.EDIT)),
      "codecommit", Map.ofEntries(
          Map.entry("GetRepository", Permission.READ),
          Map.entry("ListRepositories", Permission.READ),
          Map.entry("GetBranch", Permission.READ),
          Map.entry("ListBranches", Permission.READ),
          Map.entry("CreateRepository", Permission.EDIT),
          Map.entry("DeleteRepository", Permission.EDIT)),
      // connections (issue 14): CodeStar connections, under both of its signing names
      "codestar-connections", CONNECTIONS,
      "codeconnections", CONNECTIONS);

  private OperationPermissions() {}

  /** The permission {@code operation} of {@code service} needs; empty means nobody may call it. */
  static Optional<Permission> required(String service, String operation) {
    return Optional.ofNullable(TABLE.getOrDefault(service, Map.of()).get(operation));
  }
}

package dev.flowline.actions.approval;

import java.time.Instant;

/**
 * A manual approval that has just started and names an SNS topic ({@code NotificationArn}): what its notification
 * says, and the pipeline execution it belongs to (for the log, should the publish fail).
 */
public record ApprovalNotice(String notificationArn, String pipelineName, String pipelineExecutionId,
    String stageName, String actionName, String token, Instant expires, String externalEntityLink,
    String customData) {}

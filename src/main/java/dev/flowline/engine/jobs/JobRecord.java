package dev.flowline.engine.jobs;

import dev.flowline.pipeline.ActionTypeId;

/**
 * A job handed to a remote worker, as stored: the external task it leases (under {@code workerId}), the action
 * execution it serves, its nonce, status and data, and when its current stage runs out ({@code deadline}: the
 * acknowledgement timeout while Dispatched, the action's timeout once InProgress) and when the action itself
 * times out ({@code actionDeadline}).
 */
public record JobRecord(String id, String externalTaskId, String workerId, String actionExecutionId,
    ActionTypeId type, String nonce, JobStatus status, JobData data, long deadline, long actionDeadline) {}

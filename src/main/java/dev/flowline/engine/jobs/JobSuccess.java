package dev.flowline.engine.jobs;

import java.util.Map;

/**
 * PutJobSuccessResult's members. A {@code continuationToken} means "not finished, call me again": the action
 * stays in progress and the next job for it carries the token. Output variables only come with the final report.
 */
public record JobSuccess(CurrentRevision currentRevision, String continuationToken, String summary,
    String externalExecutionId, Integer percentComplete, Map<String, String> outputVariables) {

  public record CurrentRevision(String revision, String changeIdentifier, String revisionSummary) {}
}

package dev.flowline.actions.source;

import dev.flowline.actions.ActionJob;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a pull-request run hands its connection source besides the head commit: Flowline-internal revision types
 * (never accepted from {@code StartPipelineExecution}, never answered as source revisions), which the action
 * answers as output variables {@code PullRequestId}, {@code SourceBranchName}, {@code DestinationBranchName} and
 * {@code PullRequestEvent}.
 */
public final class PullRequestRevisions {
  public static final String ID = "FLOWLINE_PULL_REQUEST_ID";
  public static final String SOURCE_BRANCH = "FLOWLINE_PULL_REQUEST_SOURCE_BRANCH";
  public static final String DESTINATION_BRANCH = "FLOWLINE_PULL_REQUEST_DESTINATION_BRANCH";
  public static final String EVENT = "FLOWLINE_PULL_REQUEST_EVENT";

  private PullRequestRevisions() {}

  /** The pull request's output variables, empty when the run was not started by a pull request. */
  static Map<String, String> variables(ActionJob job) {
    Map<String, String> variables = new LinkedHashMap<>();
    job.sourceRevision(ID).ifPresent(id -> {
      variables.put("PullRequestId", id);
      job.sourceRevision(SOURCE_BRANCH).ifPresent(b -> variables.put("SourceBranchName", b));
      job.sourceRevision(DESTINATION_BRANCH).ifPresent(b -> variables.put("DestinationBranchName", b));
      job.sourceRevision(EVENT).ifPresent(e -> variables.put("PullRequestEvent", e));
    });
    return variables;
  }
}

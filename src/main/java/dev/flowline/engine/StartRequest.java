package dev.flowline.engine;

import java.util.List;
import java.util.Map;

/**
 * What starts an execution: variable overrides, an idempotency token, source revision overrides, and
 * what triggered it ({@code StartPipelineExecution}, {@code Webhook}, ...).
 */
public record StartRequest(
    Map<String, String> variables,
    String clientRequestToken,
    List<SourceRevisionOverride> sourceRevisions,
    String triggerType,
    String triggerDetail) {

  public record SourceRevisionOverride(String actionName, String revisionType, String revisionValue) {}

  public static StartRequest manual(String who) {
    return new StartRequest(Map.of(), null, List.of(), "StartPipelineExecution", who);
  }
}

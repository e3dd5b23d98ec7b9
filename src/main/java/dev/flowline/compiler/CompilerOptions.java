package dev.flowline.compiler;

import java.util.Objects;

/**
 * Settings that shape every compiled pipeline but are not part of a declaration.
 *
 * @param approverGroup the Camunda candidate group of every manual-approval user task
 * @param historyTimeToLive {@code camunda:historyTimeToLive} of every process (ISO-8601 duration or days)
 */
public record CompilerOptions(String approverGroup, String historyTimeToLive) {

  public CompilerOptions {
    Objects.requireNonNull(approverGroup, "approverGroup");
    Objects.requireNonNull(historyTimeToLive, "historyTimeToLive");
  }

  /** Approvals go to {@code flowline-approvers}; history is kept for 180 days. */
  public static CompilerOptions defaults() {
    return new CompilerOptions("flowline-approvers", "P180D");
  }
}

package dev.flowline.compiler;

import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.util.List;
import java.util.Map;

/**
 * The compiled shape of a pipeline before it becomes BPMN: every element id, chosen once, and the
 * grouping of actions by runOrder. The model builder and the layout both read it, so they agree.
 */
record PipelinePlan(
    String processKey,
    String pipelineName,
    String startId,
    String endId,
    List<StagePlan> stages,
    Map<String, ElementRef> elements,
    PipelineDeclaration declaration) {

  record StagePlan(
      StageDeclaration declaration,
      String gateId,
      String waitId,
      String messageId,
      String stageId,
      String failedId,
      String endFailedId,
      String startId,
      String endId,
      List<GroupPlan> groups) {

    String name() {
      return declaration.name();
    }
  }

  /** The actions sharing one runOrder; {@code forkId}/{@code joinId} are null for a single action. */
  record GroupPlan(int runOrder, String forkId, String joinId, List<ActionPlan> actions) {

    boolean parallel() {
      return actions.size() > 1;
    }
  }

  /**
   * One action; {@code timeoutId}/{@code timedOutId} (the timer and its end) and {@code rejectionId}/{@code
   * rejectedId} (the rejection's error boundary and its end) are set only for a manual approval.
   */
  record ActionPlan(ActionDeclaration declaration, String taskId, String timeoutId, String timedOutId,
      String rejectionId, String rejectedId) {

    boolean approval() {
      return timeoutId != null;
    }

    String name() {
      return declaration.name();
    }
  }
}

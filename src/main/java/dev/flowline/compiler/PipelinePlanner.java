package dev.flowline.compiler;

import dev.flowline.compiler.PipelinePlan.ActionPlan;
import dev.flowline.compiler.PipelinePlan.GroupPlan;
import dev.flowline.compiler.PipelinePlan.StagePlan;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Chooses every id of a pipeline's process. Ids the engine addresses (gates, waits, stages, actions,
 * failure events) are claimed before structural ones (inner start/end, fork/join), so that on a
 * collision it is the structural id that gets the {@code _2} suffix.
 */
final class PipelinePlanner {

  private final ElementIds ids;

  PipelinePlanner(ElementIds ids) {
    this.ids = ids;
  }

  static boolean isManualApproval(ActionTypeId type) {
    return "Approval".equals(type.category()) && "Manual".equals(type.provider());
  }

  PipelinePlan plan(PipelineDeclaration pipeline) {
    DeclarationGuard.check(pipeline);
    String startId = ids.claim(BpmnContract.START_ID);
    String endId = ids.claim(BpmnContract.END_ID);
    Set<String> stageTokens = new HashSet<>();
    List<StageIds> named = new ArrayList<>();
    for (StageDeclaration stage : pipeline.stagesOrEmpty()) {
      named.add(engineIds(stage, ElementIds.claimIn(stageTokens, ElementIds.escape(stage.name()))));
    }
    List<StagePlan> stages = new ArrayList<>();
    Map<String, ElementRef> elements = new LinkedHashMap<>();
    elements.put(startId, ElementRef.of(Kind.START));
    for (StageIds stage : named) {
      stages.add(structure(stage));
      describe(stage, elements);
    }
    elements.put(endId, ElementRef.of(Kind.END_SUCCEEDED));
    return new PipelinePlan(PipelineCompiler.processKey(pipeline.name()), pipeline.name(), startId, endId,
        List.copyOf(stages), elements, pipeline);
  }

  private record StageIds(StageDeclaration declaration, String token, String gate, String waitId,
      String message, String stage, String failed, String endFailed, List<ActionIds> actions) {}

  private record ActionIds(ActionDeclaration declaration, String token, String task, String timeout,
      String rejection) {}

  private StageIds engineIds(StageDeclaration stage, String token) {
    String gate = ids.claim(BpmnContract.GATE_PREFIX + token);
    String waitId = ids.claim(BpmnContract.WAIT_PREFIX + token);
    String message = ids.claim(BpmnContract.ADMIT_MESSAGE_ID_PREFIX + token);
    String stageId = ids.claim(BpmnContract.STAGE_PREFIX + token);
    String failed = ids.claim(BpmnContract.FAILED_PREFIX + token);
    String endFailed = ids.claim(BpmnContract.END_FAILED_PREFIX + token);
    Set<String> actionTokens = new HashSet<>();
    List<ActionIds> actions = new ArrayList<>();
    for (ActionDeclaration action : stage.actionsOrEmpty()) {
      String actionToken = ElementIds.claimIn(actionTokens, ElementIds.escape(action.name()));
      String task = ids.claim(BpmnContract.ACTION_PREFIX + token + "_" + actionToken);
      boolean approval = isManualApproval(action.actionTypeId());
      String timeout = approval ? ids.claim(BpmnContract.TIMEOUT_PREFIX + token + "_" + actionToken) : null;
      String rejection = approval ? ids.claim(BpmnContract.REJECTION_PREFIX + token + "_" + actionToken) : null;
      actions.add(new ActionIds(action, actionToken, task, timeout, rejection));
    }
    return new StageIds(stage, token, gate, waitId, message, stageId, failed, endFailed, actions);
  }

  private StagePlan structure(StageIds stage) {
    String startId = ids.claim(BpmnContract.STAGE_PREFIX + stage.token() + "_Start");
    String endId = ids.claim(BpmnContract.STAGE_PREFIX + stage.token() + "_End");
    Map<Integer, List<ActionIds>> byRunOrder = new TreeMap<>();
    for (ActionIds action : stage.actions()) {
      byRunOrder.computeIfAbsent(action.declaration().effectiveRunOrder(), k -> new ArrayList<>()).add(action);
    }
    List<GroupPlan> groups = new ArrayList<>();
    byRunOrder.forEach((runOrder, actions) -> {
      boolean parallel = actions.size() > 1;
      String fork = parallel ? ids.claim(BpmnContract.FORK_PREFIX + stage.token() + "_" + runOrder) : null;
      String join = parallel ? ids.claim(BpmnContract.JOIN_PREFIX + stage.token() + "_" + runOrder) : null;
      List<ActionPlan> plans = actions.stream()
          .map(a -> new ActionPlan(a.declaration(), a.task(), a.timeout(),
              a.timeout() == null ? null : ids.claim(BpmnContract.TIMED_OUT_PREFIX + stage.token() + "_" + a.token()),
              a.rejection(),
              a.rejection() == null ? null : ids.claim(BpmnContract.REJECTED_PREFIX + stage.token() + "_" + a.token())))
          .toList();
      groups.add(new GroupPlan(runOrder, fork, join, plans));
    });
    return new StagePlan(stage.declaration(), stage.gate(), stage.waitId(), stage.message(), stage.stage(),
        stage.failed(), stage.endFailed(), startId, endId, List.copyOf(groups));
  }

  private static void describe(StageIds stage, Map<String, ElementRef> elements) {
    String name = stage.declaration().name();
    elements.put(stage.gate(), ElementRef.stage(Kind.GATE, name));
    elements.put(stage.waitId(), ElementRef.stage(Kind.WAIT, name));
    elements.put(stage.stage(), ElementRef.stage(Kind.STAGE, name));
    for (ActionIds action : stage.actions()) {
      String actionName = action.declaration().name();
      if (action.timeout() == null) {
        elements.put(action.task(), ElementRef.action(Kind.ACTION, name, actionName));
      } else {
        elements.put(action.task(), ElementRef.action(Kind.APPROVAL, name, actionName));
        elements.put(action.timeout(), ElementRef.action(Kind.APPROVAL_TIMEOUT, name, actionName));
        elements.put(action.rejection(), ElementRef.action(Kind.APPROVAL_REJECTION, name, actionName));
      }
    }
    elements.put(stage.failed(), ElementRef.stage(Kind.STAGE_FAILED, name));
    elements.put(stage.endFailed(), ElementRef.stage(Kind.END_FAILED, name));
  }
}

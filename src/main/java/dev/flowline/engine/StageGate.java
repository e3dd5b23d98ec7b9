package dev.flowline.engine;

import dev.flowline.compiler.BpmnContract;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionStatus;
import dev.flowline.execution.StageLocks;
import dev.flowline.execution.StageLocks.Waiter;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.runtime.Execution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

/**
 * The gate in front of every stage: decides whether an arriving execution may enter, and hands a
 * released stage to the next waiting execution, by CodePipeline's execution-mode rules:
 * SUPERSEDED and QUEUED lock a stage to one execution, SUPERSEDED keeps only the newest waiter,
 * QUEUED lets waiters in first come first served, PARALLEL never locks. A disabled inbound transition
 * (or the previous stage's disabled outbound transition) holds executions at the gate.
 *
 * <p>Every decision runs inside the engine's transaction and starts by locking the stage's row, so
 * decisions for one stage are serialised across threads and nodes, and a waiter is only admitted
 * (message correlated) after its own arrival has committed its message subscription.
 */
@Component(BpmnContract.STAGE_GATE_BEAN)
public class StageGate {
    private static final Logger log = LoggerFactory.getLogger(StageGate.class);

  private final StageLocks locks;
  private final ExecutionRecords records;
  private final PipelineModels models;
  private final RuntimeService runtime;

  StageGate(StageLocks locks, ExecutionRecords records, PipelineModels models, @Lazy RuntimeService runtime) {
    this.locks = locks;
    this.records = records;
    this.models = models;
    this.runtime = runtime;
  }

  /** Called by the gate's condition: true lets the execution into the stage, false parks it at the gate. */
  public boolean admit(DelegateExecution execution, String stageName) {
    PipelineModel model = models.forDefinition(execution.getProcessDefinitionId());
    String pipeline = model.name();
    String executionId = execution.getProcessBusinessKey();
    String mode = model.executionMode();
    if ("PARALLEL".equals(mode) && transitionOpen(model.declaration(), stageName)) {
      // no stage lock in PARALLEL: taking the row lock anyway made every execution queue behind the others'
      // transactions; only a closed gate needs it, to park the execution where enabling will find it
      return true;
    }
    Optional<String> holder = locks.lock(pipeline, stageName);
    boolean open = transitionOpen(model.declaration(), stageName);
    switch (mode) {
      case "PARALLEL" -> {
        if (open) {
          return true;
        }
      }
      case "QUEUED" -> {
        // first come, first served: a free stage with a line still goes to the head of the line
        if (open && holder.isEmpty() && locks.nextWaiter(pipeline, stageName, true).isEmpty()) {
          locks.setHolder(pipeline, stageName, executionId);
          return true;
        }
      }
      default -> {
        // SUPERSEDED: the newer arrival replaces whoever waits, whether it enters or waits itself
        supersedeAll(pipeline, stageName, locks.waiters(pipeline, stageName), executionId);
        if (open && holder.isEmpty()) {
          locks.setHolder(pipeline, stageName, executionId);
          return true;
        }
      }
    }
    locks.addWaiter(pipeline, stageName, executionId, execution.getProcessInstanceId());
    log.info("Execution {} of {} waits in front of stage {}", executionId, pipeline, stageName);
    return false;
  }

  private void supersedeAll(String pipeline, String stageName, List<Waiter> waiting, String newer) {
    for (Waiter waiter : waiting) {
      locks.removeWaiter(pipeline, stageName, waiter.executionId());
      records.finishExecution(waiter.executionId(), ExecutionStatus.SUPERSEDED,
          "Superseded by execution " + newer + " while waiting to enter stage " + stageName);
      log.info("Execution {} of {} superseded by {} in front of stage {}", waiter.executionId(), pipeline, newer, stageName);
      runtime.deleteProcessInstance(waiter.processInstanceId(), "Superseded by " + newer, false, true);
    }
  }

  /** The execution leaves the stage (completed, failed or stopped): hand the stage to the next waiter. */
  void release(String pipeline, String stageName, String executionId, PipelineDeclaration declaration) {
    // a PARALLEL execution never holds a stage (admit and admitNext never make it the holder)
    if (!"PARALLEL".equals(declaration.effectiveExecutionMode())
        && locks.releaseIfHolder(pipeline, stageName, executionId)) {
      admitNext(pipeline, stageName, declaration);
    }
  }

  /** Re-checks a stage after its transition was enabled. */
  void reconsider(String pipeline, String stageName, PipelineDeclaration declaration) {
    Optional<String> holder = locks.lock(pipeline, stageName);
    if (holder.isEmpty() || "PARALLEL".equals(declaration.effectiveExecutionMode())) {
      admitNext(pipeline, stageName, declaration);
    }
  }

  /** The execution ends or is stopped: give up its locks and its places in line. */
  void leaveAll(String pipeline, String executionId, PipelineDeclaration declaration) {
    for (String stage : locks.stagesWaitedBy(pipeline, executionId)) {
      locks.lock(pipeline, stage);
      locks.removeWaiter(pipeline, stage, executionId);
    }
    for (String stage : locks.stagesHeldBy(pipeline, executionId)) {
      release(pipeline, stage, executionId, declaration);
    }
  }

  private void admitNext(String pipeline, String stageName, PipelineDeclaration declaration) {
    String mode = declaration.effectiveExecutionMode();
    if ("PARALLEL".equals(mode)) {
      List<Waiter> waiting = locks.waiters(pipeline, stageName);
      if (!waiting.isEmpty() && transitionOpen(declaration, stageName)) {
        waiting.forEach(w -> admitWaiter(pipeline, stageName, w));
      }
      return;
    }
    // only the head of the line is read: a long QUEUED line costs no more per hand-over than a short one
    boolean oldestFirst = "QUEUED".equals(mode);
    Optional<Waiter> next = locks.nextWaiter(pipeline, stageName, oldestFirst);
    if (next.isEmpty() || !transitionOpen(declaration, stageName)) {
      return;
    }
    while (next.isPresent()) {
      locks.setHolder(pipeline, stageName, next.get().executionId());
      if (admitWaiter(pipeline, stageName, next.get())) {
        return;
      }
      locks.setHolder(pipeline, stageName, null);
      next = locks.nextWaiter(pipeline, stageName, oldestFirst);
    }
  }

  private boolean admitWaiter(String pipeline, String stageName, Waiter waiter) {
    locks.removeWaiter(pipeline, stageName, waiter.executionId());
    String message = BpmnContract.admitMessage(stageName);
    // Looked up, not correlated blindly: a correlation that finds no subscription throws, and an exception
    // from a nested engine call marks the whole (releasing) transaction rollback-only, even when caught.
    Optional<String> waiting = waitingExecution(waiter.processInstanceId(), message);
    if (waiting.isEmpty()) {
      log.warn("Execution {} of {} no longer waits in front of {}", waiter.executionId(), pipeline, stageName);
      return false;
    }
    runtime.messageEventReceived(message, waiting.get());
    log.info("Execution {} of {} admitted to stage {}", waiter.executionId(), pipeline, stageName);
    return true;
  }

  /**
   * The execution of the instance that waits for the admit message: the instance's executions, then their
   * message subscriptions, both looked up by id. Asking for executions by subscription name instead made H2
   * walk every subscription of that name, one per execution in line, on every hand-over. The wait event is
   * a scope of its own, so its execution is a child of the instance's: children are looked at first.
   */
  private Optional<String> waitingExecution(String processInstanceId, String message) {
    List<Execution> executions = runtime.createExecutionQuery().processInstanceId(processInstanceId).list().stream()
        .sorted(Comparator.comparing((Execution e) -> e.getId().equals(processInstanceId))).toList();
    for (Execution execution : executions) {
      boolean waits = runtime.createEventSubscriptionQuery().executionId(execution.getId()).eventType("message")
          .list().stream().anyMatch(s -> message.equals(s.getEventName()));
      if (waits) {
        return Optional.of(execution.getId());
      }
    }
    return Optional.empty();
  }

  private boolean transitionOpen(PipelineDeclaration declaration, String stageName) {
    List<StageDeclaration> stages = declaration.stagesOrEmpty();
    String previous = null;
    for (int i = 1; i < stages.size(); i++) {
      if (stages.get(i).name().equals(stageName)) {
        previous = stages.get(i - 1).name();
        break;
      }
    }
    return locks.entryOpen(declaration.name(), stageName, previous);
  }
}

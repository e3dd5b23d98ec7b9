package dev.flowline.config;

import java.util.Set;
import org.camunda.bpm.engine.ActivityTypes;
import org.camunda.bpm.engine.impl.history.event.HistoricActivityInstanceEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricExternalTaskLogEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricJobLogEvent;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;

/**
 * Camunda's database history handler, minus the history nobody reads. At history level {@code full} the engine
 * logs every job (two rows per asynchronous continuation: created and succeeded), every external task (created and
 * completed) and every variable update as well as its latest value; for a two-action pipeline the job and external
 * task logs were more than half of the history an execution left behind, and the activity instances of gateways
 * and plain start and end events (the wiring of the compiled shape: a gate, a fork, a stage's start) were half of
 * the rest. Flowline's own execution records carry what CodePipeline shows; Camunda's history keeps process
 * instances, the activity instances of stages, actions, approvals and events that wait or fail, task and variable
 * instances, incidents, identity links and the user operation log (what Cockpit, Tasklist and a stage retry read:
 * a retry restarts the process instance with its last variables, which needs the historic process instance and
 * its variable instances, not activity instances).
 *
 * <p>The level stays {@code full} because Camunda stores it in the database and refuses to start when it changes,
 * so an existing installation keeps booting; this handler is what trims it.
 */
final class LeanHistoryEventHandler extends DbHistoryEventHandler {
  private static final Set<String> WIRING = Set.of(ActivityTypes.GATEWAY_EXCLUSIVE, ActivityTypes.GATEWAY_PARALLEL,
      ActivityTypes.GATEWAY_INCLUSIVE, ActivityTypes.START_EVENT, ActivityTypes.END_EVENT_NONE);

  private final boolean engineLogs;

  /** @param engineLogs keep the job log and the external task log ({@code flowline.retention.engine-logs}) */
  LeanHistoryEventHandler(boolean engineLogs) {
    this.engineLogs = engineLogs;
  }

  @Override
  public void handleEvent(HistoryEvent historyEvent) {
    if (!engineLogs
        && (historyEvent instanceof HistoricJobLogEvent || historyEvent instanceof HistoricExternalTaskLogEntity)) {
      return;
    }
    // the same test on the start and the end event of an activity instance, so no update misses its insert
    if (historyEvent instanceof HistoricActivityInstanceEventEntity activity
        && WIRING.contains(activity.getActivityType())) {
      return;
    }
    super.handleEvent(historyEvent);
  }

  /** Only the latest value of a variable is kept (ACT_HI_VARINST), not each update (ACT_HI_DETAIL). */
  @Override
  protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity historyEvent) {
    return false;
  }
}

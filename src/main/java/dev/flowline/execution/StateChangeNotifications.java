package dev.flowline.execution;

import dev.flowline.execution.notify.NotificationEvent;
import dev.flowline.execution.notify.NotificationOutbox;
import dev.flowline.pipeline.ActionTypeId;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Queues the notification events (issue #16) of the state changes {@link ExecutionRecords} writes, in the same
 * transaction: one event per execution, stage and action that changed, also when one statement changes many (a
 * stop, a failed stage ending its other actions, a deleted pipeline), as CodePipeline sends one EventBridge event
 * per stage and action. When no rule asks for an event type, nothing is looked up or written.
 */
@Component
class StateChangeNotifications {
  private final JdbcTemplate jdbc;
  private final NotificationOutbox outbox;
  private final PipelineStore pipelines;

  StateChangeNotifications(JdbcTemplate jdbc, NotificationOutbox outbox, PipelineStore pipelines) {
    this.jdbc = jdbc;
    this.outbox = outbox;
    this.pipelines = pipelines;
  }

  /** An action whose state is about to change in bulk, read before the change. */
  record OpenAction(String pipelineName, int version, String executionId, String stageName, String actionName) {}

  boolean wantsStages() {
    return outbox.wanted(NotificationEvent.STAGE_STATE_CHANGE);
  }

  boolean wantsActions() {
    return outbox.wanted(NotificationEvent.ACTION_STATE_CHANGE);
  }

  void execution(String id, String status) {
    String type = NotificationEvent.executionType(status);
    if (!outbox.wanted(type)) {
      return;
    }
    jdbc.query("SELECT pipeline_name, pipeline_version FROM flowline_pipeline_execution WHERE id = ?", rs -> {
      outbox.emit(new NotificationEvent(type, rs.getString(1), rs.getInt(2), id, NotificationEvent.state(status),
          null, null, null, null, null, null));
    }, id);
  }

  void stage(String executionId, String stageName, String status) {
    stages(executionId, List.of(stageName), status);
  }

  void stages(String executionId, List<String> stageNames, String status) {
    if (stageNames.isEmpty() || !wantsStages()) {
      return;
    }
    jdbc.query("SELECT pipeline_name, pipeline_version FROM flowline_pipeline_execution WHERE id = ?", rs -> {
      for (String stageName : stageNames) {
        outbox.emit(new NotificationEvent(NotificationEvent.STAGE_STATE_CHANGE, rs.getString(1), rs.getInt(2),
            executionId, NotificationEvent.state(status), stageName, null, null, null, null, null));
      }
    }, executionId);
  }

  /** The stages of the execution in progress or stopping whose status is not {@code status} yet, in entry order. */
  List<String> openStages(String executionId, String status) {
    if (!wantsStages()) {
      return List.of();
    }
    return jdbc.queryForList("SELECT stage_name FROM flowline_stage_execution WHERE pipeline_execution_id = ? "
        + "AND status IN ('InProgress', 'Stopping') AND status <> ? ORDER BY start_time, seq", String.class,
        executionId, status);
  }

  /** The actions of the execution still in progress, in start order. */
  List<OpenAction> openActions(String executionId) {
    if (!wantsActions()) {
      return List.of();
    }
    return jdbc.query("SELECT pipeline_name, pipeline_version, pipeline_execution_id, stage_name, action_name "
            + "FROM flowline_action_execution WHERE pipeline_execution_id = ? AND status = 'InProgress' ORDER BY seq",
        (rs, i) -> new OpenAction(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4), rs.getString(5)),
        executionId);
  }

  void actions(List<OpenAction> actions, String status) {
    for (OpenAction a : actions) {
      action(a.pipelineName(), a.version(), a.executionId(), a.stageName(), a.actionName(), status, false);
    }
  }

  void action(String pipelineName, int version, String executionId, String stageName, String actionName,
      String status, boolean approvalNeeded) {
    boolean change = wantsActions();
    boolean approval = approvalNeeded && outbox.wanted(NotificationEvent.APPROVAL_NEEDED);
    if (!change && !approval) {
      return;
    }
    ActionTypeId type = pipelines.find(pipelineName, version).flatMap(p -> p.declaration().stage(stageName))
        .flatMap(s -> s.action(actionName)).map(a -> a.actionTypeId()).orElse(null);
    List<String> eventTypes = new ArrayList<>();
    if (change) {
      eventTypes.add(NotificationEvent.ACTION_STATE_CHANGE);
    }
    if (approval) {
      eventTypes.add(NotificationEvent.APPROVAL_NEEDED);
    }
    for (String eventType : eventTypes) {
      outbox.emit(new NotificationEvent(eventType, pipelineName, version, executionId,
          NotificationEvent.state(status), stageName, actionName, type == null ? null : type.category(),
          type == null ? null : type.owner(), type == null ? null : type.provider(),
          type == null ? null : type.version()));
    }
  }

  /**
   * The pipeline is being deleted with executions in flight: each of them, its open actions and stages end
   * CANCELED (CodePipeline's word for "the pipeline changed before it could complete"), actions first, then stages,
   * then the execution. Called before the records go, as they are what is read here.
   */
  void cancelInFlight(String pipelineName) {
    boolean anyWanted = wantsActions() || wantsStages() || outbox.wanted(NotificationEvent.EXECUTION_CANCELED);
    if (!anyWanted) {
      return;
    }
    List<String> inFlight = jdbc.queryForList("SELECT id FROM flowline_pipeline_execution WHERE pipeline_name = ? "
        + "AND status IN ('InProgress', 'Stopping') ORDER BY seq", String.class, pipelineName);
    for (String executionId : inFlight) {
      actions(openActions(executionId), ExecutionStatus.CANCELLED);
      stages(executionId, openStages(executionId, ExecutionStatus.CANCELLED), ExecutionStatus.CANCELLED);
      execution(executionId, ExecutionStatus.CANCELLED);
    }
  }
}

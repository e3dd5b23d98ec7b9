package dev.flowline.engine;

import dev.flowline.compiler.BpmnContract;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.UserTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.task.TaskDefinition;
import org.camunda.bpm.engine.impl.util.xml.Element;

/**
 * Attaches the listeners every pipeline needs when a compiled pipeline is parsed, so the compiled BPMN
 * holds only what the diagram shows. Built-in listeners run even when an instance is deleted with
 * "skip custom listeners", so records and locks stay right whoever cancels an execution.
 */
class FlowlineParseListener extends AbstractBpmnParseListener {
  private final ExecutionLifecycle executions;
  private final StageLifecycle stages;
  private final ActionLifecycle actions;

  FlowlineParseListener(ExecutionLifecycle executions, StageLifecycle stages, ActionLifecycle actions) {
    this.executions = executions;
    this.stages = stages;
    this.actions = actions;
  }

  private static boolean isPipeline(ScopeImpl scope) {
    return ((ProcessDefinitionEntity) scope.getProcessDefinition()).getKey().startsWith(BpmnContract.PROCESS_KEY_PREFIX);
  }

  @Override
  public void parseProcess(Element processElement, ProcessDefinitionEntity processDefinition) {
    if (processDefinition.getKey().startsWith(BpmnContract.PROCESS_KEY_PREFIX)) {
      processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) executions::started);
      processDefinition.addBuiltInListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) executions::ended);
    }
  }

  @Override
  public void parseSubProcess(Element element, ScopeImpl scope, ActivityImpl activity) {
    if (isPipeline(scope) && BpmnContract.isStage(activity.getId())) {
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) stages::started);
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_END, (ExecutionListener) stages::ended);
    }
  }

  @Override
  public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    if (isPipeline(scope) && BpmnContract.isAction(activity.getId())) {
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) actions::actionStarted);
    }
  }

  @Override
  public void parseUserTask(Element element, ScopeImpl scope, ActivityImpl activity) {
    if (isPipeline(scope) && BpmnContract.isAction(activity.getId())) {
      TaskDefinition task = ((UserTaskActivityBehavior) activity.getActivityBehavior()).getTaskDefinition();
      task.addBuiltInTaskListener(TaskListener.EVENTNAME_CREATE, (TaskListener) actions::approvalCreated);
      task.addBuiltInTaskListener(TaskListener.EVENTNAME_COMPLETE, (TaskListener) actions::approvalCompleted);
    }
  }

  @Override
  public void parseBoundaryEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
    if (!isPipeline(scope)) {
      return;
    }
    if (BpmnContract.isStageFailed(activity.getId())) {
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) stages::failed);
    } else if (BpmnContract.isApprovalTimeout(activity.getId())) {
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) actions::approvalTimedOut);
    }
  }

  @Override
  public void parseEndEvent(Element element, ScopeImpl scope, ActivityImpl activity) {
    if (!isPipeline(scope)) {
      return;
    }
    if (activity.getId().equals(BpmnContract.END_ID)) {
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) executions::succeeded);
    } else if (scope instanceof ActivityImpl stage && BpmnContract.isStage(stage.getId())
        && element.element("errorEventDefinition") == null) {
      activity.addBuiltInListener(ExecutionListener.EVENTNAME_START, (ExecutionListener) stages::completing);
    }
  }
}

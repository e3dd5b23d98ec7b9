package dev.flowline.engine;

import java.util.ArrayList;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.springframework.stereotype.Component;

/**
 * Registers Flowline's parse listener and the guard that keeps pipeline process keys Flowline's own
 * ({@link PipelineDeploymentGuard}) with the engine (picked up by the Camunda Spring Boot starter).
 */
@Component
public class FlowlineEnginePlugin extends AbstractProcessEnginePlugin {
  private final ExecutionLifecycle executions;
  private final StageLifecycle stages;
  private final ActionLifecycle actions;

  FlowlineEnginePlugin(ExecutionLifecycle executions, StageLifecycle stages, ActionLifecycle actions) {
    this.executions = executions;
    this.stages = stages;
    this.actions = actions;
  }

  @Override
  public void preInit(ProcessEngineConfigurationImpl configuration) {
    if (configuration.getCustomPreBPMNParseListeners() == null) {
      configuration.setCustomPreBPMNParseListeners(new ArrayList<>());
    }
    configuration.getCustomPreBPMNParseListeners().add(new FlowlineParseListener(executions, stages, actions));
    if (configuration.getCustomPreDeployers() == null) {
      configuration.setCustomPreDeployers(new ArrayList<>());
    }
    configuration.getCustomPreDeployers().add(new PipelineDeploymentGuard());
  }
}

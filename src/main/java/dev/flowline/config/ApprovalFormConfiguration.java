package dev.flowline.config;

import java.util.HashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.form.engine.FormEngine;
import org.camunda.bpm.engine.impl.form.engine.JuelFormEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Tasklist's generated forms come from {@link ApprovalFormEngine}: the approval's links are clickable (issue 16). */
@Configuration
class ApprovalFormConfiguration {

  @Bean
  AbstractProcessEnginePlugin approvalFormEnginePlugin() {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        FormEngine html = new ApprovalFormEngine();
        FormEngine juel = new JuelFormEngine();
        Map<String, FormEngine> engines = new HashMap<>();
        engines.put(null, html); // the default: what FormService.getRenderedTaskForm(taskId) uses
        engines.put(html.getName(), html);
        engines.put(juel.getName(), juel);
        configuration.setFormEngines(engines);
      }
    };
  }
}

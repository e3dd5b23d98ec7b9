package dev.flowline.config;

import dev.flowline.compiler.CompilerOptions;
import dev.flowline.compiler.PipelineCompiler;
import dev.flowline.compiler.SecretKeys;
import dev.flowline.engine.jobs.JobProperties;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.engine.RoleGroups;
import dev.flowline.pipeline.PipelineValidator;
import jakarta.servlet.Filter;
import java.time.Clock;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the compiler, the validator and the engine's surroundings. */
@Configuration
@EnableConfigurationProperties({RoleGroups.class, JobProperties.class})
class EngineConfiguration {

  @Bean
  Clock clock() {
    return new EngineClock();
  }

  @Bean
  PipelineCompiler pipelineCompiler(@Value("${flowline.approver-group:approvers}") String approverGroup,
      @Value("${camunda.bpm.generic-properties.properties.history-time-to-live:P180D}") String historyTimeToLive,
      ActionTypeCatalog catalog) {
    return new PipelineCompiler(new CompilerOptions(approverGroup, historyTimeToLive), SecretKeys.of(catalog));
  }

  @Bean
  PipelineValidator pipelineValidator(ActionTypeCatalog catalog) {
    return new PipelineValidator(catalog);
  }

  /**
   * /engine-rest requires HTTP Basic authentication against Camunda's users, as Camunda Run does; the starter
   * leaves it open otherwise. Flowline's own pages (/flowline/*) take a webapp session too: ConsoleConfiguration.
   */
  @Bean
  FilterRegistrationBean<Filter> engineRestAuthentication() {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
    registration.setName("flowline-engine-rest-authentication");
    registration.addInitParameter("authentication-provider",
        "org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider");
    registration.addUrlPatterns("/engine-rest/*");
    registration.setOrder(1);
    return registration;
  }
}

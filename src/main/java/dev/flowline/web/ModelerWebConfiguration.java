package dev.flowline.web;

import dev.flowline.engine.AccessControl;
import dev.flowline.engine.ModelerDeployments;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the Modeler's deployment path in front of Camunda's REST API, after its authentication filter. */
@Configuration
class ModelerWebConfiguration {

  @Bean
  FilterRegistrationBean<ModelerDeployFilter> modelerDeployFilter(ModelerDeployments deployments, AccessControl access) {
    FilterRegistrationBean<ModelerDeployFilter> registration =
        new FilterRegistrationBean<>(new ModelerDeployFilter(deployments, access));
    registration.setName("flowline-modeler-deploy");
    registration.addUrlPatterns("/engine-rest/*");
    // after the login throttle (0) and Camunda's authentication filter (1), which logs the caller in
    registration.setOrder(2);
    return registration;
  }
}

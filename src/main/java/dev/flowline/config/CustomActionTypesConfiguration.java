package dev.flowline.config;

import dev.flowline.actions.ActionExecutorRegistry;
import dev.flowline.actions.custom.ActionTypes;
import dev.flowline.actions.custom.CustomActionTypes;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Wires the custom action types (stored in the database) next to the built-in ones: the catalogue validation
 * and the API see is {@link ActionTypes}, both together.
 */
@Configuration(proxyBeanMethods = false)
class CustomActionTypesConfiguration {

  @Bean
  CustomActionTypes customActionTypes(JdbcTemplate jdbc, Clock clock) {
    return new CustomActionTypes(jdbc, clock);
  }

  @Bean
  @Primary
  ActionTypes actionTypes(ActionExecutorRegistry registry, CustomActionTypes custom) {
    return new ActionTypes(registry, custom);
  }
}

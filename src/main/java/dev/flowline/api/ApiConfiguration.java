package dev.flowline.api;

import dev.flowline.api.model.InputValidator;
import dev.flowline.api.model.ServiceModel;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Wires the AWS JSON 1.1 endpoint on {@code POST /}. A functional route rather than a
 * {@code @PostMapping}: it claims only POST, so {@code GET /} still reaches the Camunda webapp's redirect
 * instead of answering 405.
 */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

  @Bean
  ServiceModel codePipelineServiceModel() {
    return ServiceModel.load();
  }

  @Bean
  InputValidator codePipelineInputValidator(ServiceModel model) {
    return new InputValidator(model);
  }

  @Bean
  RouterFunction<ServerResponse> codePipelineApi(AwsJsonEndpoint endpoint) {
    return RouterFunctions.route(RequestPredicates.POST("/"), endpoint::handle);
  }
}

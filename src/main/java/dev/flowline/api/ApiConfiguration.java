package dev.flowline.api;

import dev.flowline.api.model.InputValidator;
import dev.flowline.api.model.ServiceModel;
import dev.flowline.api.sigv4.SigV4Verifier;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.function.RequestPredicates;
import org.springframework.web.servlet.function.RouterFunction;
import org.springframework.web.servlet.function.RouterFunctions;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * Wires the AWS JSON 1.1 endpoint on {@code POST /} for the services Flowline speaks: CodePipeline, and the
 * CodeCommit subset that manages the repositories Flowline hosts. A functional route rather than a
 * {@code @PostMapping}: it claims only POST, so {@code GET /} still reaches the Camunda webapp's redirect
 * instead of answering 405.
 */
@Configuration(proxyBeanMethods = false)
class ApiConfiguration {

  static final String CODECOMMIT_MODEL = "aws/codecommit.service-2.json";

  /**
   * CodePipeline's model, with one widening (UpdateActionType, issue 12): {@code ActionTypeOwner} (the owner of
   * GetActionType and of UpdateActionType's {@code ActionTypeIdentifier}) also accepts {@code Custom}, because the
   * only action types with a JobWorker executor that Flowline can change are its custom types.
   */
  @Bean
  ServiceModel codePipelineServiceModel() {
    return ServiceModel.load().withPattern("ActionTypeOwner", "AWS|ThirdParty|Custom");
  }

  @Bean
  InputValidator codePipelineInputValidator(ServiceModel model) {
    return new InputValidator(model);
  }

  @Bean
  AwsService codePipelineService(ServiceModel model, InputValidator validator, SigV4Verifier verifier,
      OperationRegistry registry) {
    return new AwsService(model, validator, verifier, registry);
  }

  /** CodeCommit's operations are served only as far as its model file (the subset Flowline implements) goes. */
  @Bean
  AwsService codeCommitService(SigV4Verifier verifier, List<OperationHandler> handlers) {
    ServiceModel model = ServiceModel.load(CODECOMMIT_MODEL);
    return new AwsService(model, new InputValidator(model), verifier.forService(model.signingName()),
        new OperationRegistry(handlers, model));
  }

  // connections (issue 14): CodeStar connections, also under its newer name codeconnections, same handlers
  static final String CONNECTIONS_MODEL = "aws/codestar-connections.service-2.json";
  static final String CODECONNECTIONS_MODEL = "aws/codeconnections.service-2.json";

  @Bean
  AwsService codeStarConnectionsService(SigV4Verifier verifier, List<OperationHandler> handlers) {
    ServiceModel model = ServiceModel.load(CONNECTIONS_MODEL);
    return new AwsService(model, new InputValidator(model), verifier.forService(model.signingName()),
        new OperationRegistry(handlers, model));
  }

  @Bean
  AwsService codeConnectionsService(SigV4Verifier verifier, List<OperationHandler> handlers) {
    ServiceModel model = ServiceModel.load(CODECONNECTIONS_MODEL);
    return new AwsService(model, new InputValidator(model), verifier.forService(model.signingName()),
        new OperationRegistry(handlers, model, "codestar-connections"));
  }

  @Bean
  RouterFunction<ServerResponse> codePipelineApi(AwsJsonEndpoint endpoint) {
    return RouterFunctions.route(RequestPredicates.POST("/"), endpoint::handle);
  }
}

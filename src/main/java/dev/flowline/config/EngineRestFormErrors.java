package dev.flowline.config;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidatorException;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.springframework.boot.autoconfigure.jersey.ResourceConfigCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * /engine-rest answers a form submitted without a required field (the approval's decision, issue #16) with a 400
 * naming the field instead of the 500 Camunda's task resource answers: it is the submitter's mistake, and nothing
 * was changed.
 */
@Configuration(proxyBeanMethods = false)
class EngineRestFormErrors {

  @Bean
  ResourceConfigCustomizer formValidationAsBadRequest() {
    return config -> config.register(FormValidationMapper.class);
  }

  /**
   * Camunda's task resource wraps the validation failure in a RestException with status 500; this mapper, ahead of
   * Camunda's own for RestException, answers that one with a 400 in the shape of Camunda's ExceptionDto (type,
   * message, code) and hands every other RestException to Camunda's handler unchanged.
   */
  @jakarta.annotation.Priority(1)
  public static final class FormValidationMapper implements ExceptionMapper<RestException> {
    private final RestExceptionHandler camunda = new RestExceptionHandler();

    @Override
    public Response toResponse(RestException exception) {
      if (!(exception.getCause() instanceof FormFieldValidatorException)) {
        return camunda.toResponse(exception);
      }
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("type", "FormFieldValidationException");
      body.put("message", exception.getMessage());
      body.put("code", 0);
      return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
    }
  }
}

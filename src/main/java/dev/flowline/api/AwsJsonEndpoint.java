package dev.flowline.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowline.api.model.InputValidator;
import dev.flowline.api.model.ServiceModel;
import dev.flowline.api.sigv4.SigV4Exception;
import dev.flowline.api.sigv4.SigV4Verifier;
import dev.flowline.api.sigv4.SignedRequest;
import dev.flowline.api.sigv4.VerifiedCaller;
import dev.flowline.engine.TransactionConflicts;
import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.PipelineFormatException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.function.ServerRequest;
import org.springframework.web.servlet.function.ServerResponse;

/**
 * {@code POST /} in AWS's JSON 1.1 protocol for every {@link AwsService} (the prefix of {@code X-Amz-Target}
 * picks CodePipeline or CodeCommit), and every concern the operations share, in the order AWS applies them:
 * a request id, SigV4 authentication for that service (everything the headers can prove, and the declared
 * length, before a byte of the body is read; then the bounded body's hash and the signature), the
 * {@code X-Amz-Target} operation, the body (empty means {@code {}}), the caller's permission ({@link Authorizer}), the service model's shape checks, the
 * handler, and the mapping of every outcome to a response — {@code 200} with the output,
 * {@code 400 {"__type","message"}} for refusals ({@code ThrottlingException} for a write that kept losing
 * races with concurrent ones), {@code 403} for authentication failures, {@code 500 InternalFailure} (details
 * only in the log) for anything else.
 * One log line per request names the operation, the pipeline and the request id; bodies, signatures and
 * secrets are never logged.
 */
@Component
class AwsJsonEndpoint {

  static final MediaType AMZ_JSON = MediaType.parseMediaType("application/x-amz-json-1.1");
  static final int MAX_BODY_BYTES = 8 * 1024 * 1024;
  private static final Logger log = LoggerFactory.getLogger(AwsJsonEndpoint.class);

  private final Map<String, AwsService> services;
  private final AwsService codePipeline;
  private final ApiProperties properties;
  private final Authorizer authorizer;

  AwsJsonEndpoint(List<AwsService> services, ServiceModel codePipelineModel, ApiProperties properties,
      Authorizer authorizer) {
    this.authorizer = authorizer;
    this.services = services.stream().collect(Collectors.toUnmodifiableMap(AwsService::targetPrefix, s -> s));
    this.codePipeline = this.services.get(codePipelineModel.targetPrefix());
    this.properties = properties;
  }

  ServerResponse handle(ServerRequest request) {
    HttpServletRequest http = request.servletRequest();
    String requestId = UUID.randomUUID().toString();
    long started = System.nanoTime();
    String target = http.getHeader("X-Amz-Target");
    AwsService service = serviceOf(target);
    String operation = operationName(service, target);
    String pipeline = null;
    boolean bodyRead = false;
    MDC.put("requestId", requestId);
    try {
      SigV4Verifier.HeaderCheck signature = service.verifier().checkHeaders(signedRequest(http));
      byte[] body = readBody(http);
      bodyRead = true;
      VerifiedCaller caller = signature.verifyBody(body);
      if (operation == null || service.model().operation(operation).isEmpty()) {
        throw new ApiException("UnknownOperationException", "Unknown operation: X-Amz-Target must be "
            + service.targetPrefix() + ".<Operation>, got '" + target + "'");
      }
      MDC.put("operation", operation);
      checkContentType(http.getContentType());
      JsonNode input = ApiJson.parse(body);
      pipeline = pipelineNameOf(input);
      if (pipeline != null) {
        MDC.put("pipeline", pipeline);
      }
      Object output = invoke(service, operation, input, caller,
          new CallContext(requestId, operation, caller.accessKeyId(), properties.callerArn(caller.user()),
              service.model().signingName()));
      logOutcome(operation, pipeline, requestId, 200, null, started);
      return respond(200, requestId, ApiJson.write(output), null);
    } catch (SigV4Exception e) {
      return refuse(e.httpStatus(), e.errorType(), e.getMessage(), operation, pipeline, requestId, started, !bodyRead);
    } catch (CodePipelineException e) {
      return refuse(400, e.errorType(), e.getMessage(), operation, pipeline, requestId, started);
    } catch (PipelineFormatException e) {
      return refuse(400, "ValidationException", e.getMessage(), operation, pipeline, requestId, started);
    } catch (BodyTooLargeException e) {
      return refuse(413, "RequestEntityTooLargeException", "The request body exceeds " + MAX_BODY_BYTES + " bytes",
          operation, pipeline, requestId, started, true);
    } catch (RuntimeException | IOException e) {
      if (TransactionConflicts.lostRace(e)) {
        // the engine retried what it could (EngineTransactions); one that still lost is the caller's to repeat
        return refuse(400, "ThrottlingException", "The request collided with concurrent changes and was not "
            + "applied; retry it.", operation, pipeline, requestId, started);
      }
      log.error("{} pipeline={} requestId={} failed unexpectedly", operation, pipeline, requestId, e);
      return respond(500, requestId, ApiJson.write(error("InternalFailure",
          "The request processing has failed because of an unknown error. Request id: " + requestId)),
          "InternalFailure");
    } finally {
      MDC.remove("requestId");
      MDC.remove("operation");
      MDC.remove("pipeline");
    }
  }

  private Object invoke(AwsService service, String operation, JsonNode input, VerifiedCaller caller,
      CallContext context) {
    OperationHandler handler = service.registry().handler(operation).orElseThrow(() -> new ApiException(
        "UnsupportedOperationException", "Flowline does not implement " + operation + " yet (see docs/api-coverage.md)"));
    authorizer.check(caller, service.model().signingName(), operation, input);
    ServiceModel.Operation modelled = service.model().operation(operation).orElseThrow();
    handler.checkInput(input);
    InputValidator.Report report = service.validator().validate(modelled.inputShape(), input);
    if (!report.typeErrors().isEmpty()) {
      throw ApiException.serialization(report.typeErrors().get(0));
    }
    if (!report.violations().isEmpty()) {
      throw ApiException.validation(report.validationMessage());
    }
    return handler.handle(input, context);
  }

  /** The service whose prefix the target carries; CodePipeline when none matches, so its errors explain. */
  private AwsService serviceOf(String target) {
    // the operation follows the last dot: CodeStar connections' prefix has dots of its own
    int dot = target == null ? -1 : target.lastIndexOf('.');
    AwsService service = dot < 0 ? null : services.get(target.substring(0, dot));
    return service == null ? codePipeline : service;
  }

  private static String operationName(AwsService service, String target) {
    String prefix = service.targetPrefix() + ".";
    return target != null && target.startsWith(prefix) ? target.substring(prefix.length()) : null;
  }

  private static void checkContentType(String contentType) {
    if (contentType == null) {
      return;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      if (type.isCompatibleWith(AMZ_JSON) || type.isCompatibleWith(MediaType.APPLICATION_JSON)
          || type.getSubtype().equals("x-amz-json-1.0")) {
        return;
      }
    } catch (InvalidMediaTypeException e) {
      // refused below
    }
    throw ApiException.serialization("Unsupported Content-Type '" + contentType + "': send application/x-amz-json-1.1");
  }

  /** The pipeline a request is about, for the log line and the MDC. */
  private static String pipelineNameOf(JsonNode input) {
    for (JsonNode candidate : List.of(input.path("pipelineName"), input.path("name"),
        input.path("pipeline").path("name"), input.path("resourceArn"))) {
      if (candidate.isTextual()) {
        String text = candidate.asText();
        text = text.startsWith("arn:") ? text.substring(text.lastIndexOf(':') + 1) : text;
        return text.length() > 200 ? text.substring(0, 200) : text;
      }
    }
    return null;
  }

  /** Reads at most the limit; a declared length beyond it is refused before a byte is read. */
  private static byte[] readBody(HttpServletRequest http) throws IOException {
    if (http.getContentLengthLong() > MAX_BODY_BYTES) {
      throw new BodyTooLargeException();
    }
    try (InputStream in = http.getInputStream()) {
      byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
      if (body.length > MAX_BODY_BYTES) {
        throw new BodyTooLargeException();
      }
      return body;
    }
  }

  /** The request's headers, without its body: what the signature check may look at before the body is read. */
  private static SignedRequest signedRequest(HttpServletRequest http) {
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (String name : Collections.list(http.getHeaderNames())) {
      headers.put(name, Collections.list(http.getHeaders(name)));
    }
    return new SignedRequest(http.getMethod(), http.getRequestURI(), http.getQueryString(), headers, null);
  }

  private ServerResponse refuse(int status, String type, String message, String operation, String pipeline,
      String requestId, long started) {
    return refuse(status, type, message, operation, pipeline, requestId, started, false);
  }

  /**
   * With {@code bodyUnread}, the refusal is written and flushed at once with {@code Connection: close}: the caller
   * gets its answer before the server would drain (or give up on) the rest of a body it never read, and the
   * connection is not reused with that body still in it.
   */
  private ServerResponse refuse(int status, String type, String message, String operation, String pipeline,
      String requestId, long started, boolean bodyUnread) {
    logOutcome(operation, pipeline, requestId, status, type, started);
    byte[] body = ApiJson.write(error(type, message));
    if (!bodyUnread) {
      return respond(status, requestId, body, type);
    }
    return ServerResponse.status(status)
        .contentType(AMZ_JSON)
        .header("x-amzn-RequestId", requestId)
        .header("x-amzn-ErrorType", type)
        .header("Connection", "close")
        .build((request, response) -> {
          response.setContentLength(body.length);
          response.getOutputStream().write(body);
          response.flushBuffer();
          return null;
        });
  }

  private static Map<String, String> error(String type, String message) {
    Map<String, String> body = new LinkedHashMap<>();
    body.put("__type", type);
    body.put("message", message);
    return body;
  }

  private static ServerResponse respond(int status, String requestId, byte[] body, String errorType) {
    ServerResponse.BodyBuilder builder = ServerResponse.status(status)
        .contentType(AMZ_JSON)
        .header("x-amzn-RequestId", requestId);
    if (errorType != null) {
      builder.header("x-amzn-ErrorType", errorType);
    }
    return builder.body(body);
  }

  private static void logOutcome(String operation, String pipeline, String requestId, int status, String errorType,
      long started) {
    long millis = (System.nanoTime() - started) / 1_000_000;
    boolean read = operation != null && (operation.startsWith("Get") || operation.startsWith("List"));
    if (errorType == null && read) {
      log.debug("{} pipeline={} requestId={} status={} in {} ms", operation, pipeline, requestId, status, millis);
    } else if (errorType == null) {
      log.info("{} pipeline={} requestId={} status={} in {} ms", operation, pipeline, requestId, status, millis);
    } else {
      log.info("{} pipeline={} requestId={} status={} {} in {} ms", operation, pipeline, requestId, status,
          errorType, millis);
    }
  }

  private static final class BodyTooLargeException extends RuntimeException {
    BodyTooLargeException() {
      super(null, null, false, false);
    }
  }
}

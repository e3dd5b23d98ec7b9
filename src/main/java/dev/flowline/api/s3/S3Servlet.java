package dev.flowline.api.s3;

import dev.flowline.engine.jobs.JobRecord;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3ProxyHandler;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.S3Exceptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One S3 request: what S3Proxy's handler cannot know is checked first (a request must be signed; a job's key needs
 * its session token, and stops working when the job ends), then the handler verifies the signature (SigV4 or V2)
 * with the secret {@link S3Callers} gives it and runs the operation on the caller's {@link FlowlineBlobStore}.
 * Refusals are S3's XML errors. Neither secrets nor tokens are logged.
 */
final class S3Servlet extends HttpServlet {

  private static final Logger log = LoggerFactory.getLogger(S3Servlet.class);
  private static final Pattern V4_CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");
  private static final Pattern V2_CREDENTIAL = Pattern.compile("^AWS ([^:\\s]+):");

  private final transient Protocol protocol;
  private final transient S3Callers callers;

  S3Servlet(S3Callers callers, LocalStorage storage) {
    this.callers = callers;
    this.protocol = new Protocol(new FlowlineBlobStore(new S3Caller.Nobody(), storage));
    protocol.setBlobStoreLocator(callers.locator(storage));
  }

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String accessKeyId = accessKeyId(request);
    if (accessKeyId == null) {
      protocol.error(request, response, "AccessDenied", 403, "Anonymous access is not allowed: sign the request"
          + " with a Flowline key pair or a job's artifact credentials");
      return;
    }
    Optional<JobRecord> job = callers.job(accessKeyId);
    if (job.isPresent()) {
      String token = Optional.ofNullable(request.getHeader("x-amz-security-token"))
          .orElseGet(() -> queryParameter(request, "X-Amz-Security-Token"));
      byte[] expected = job.get().data().artifactCredentials().sessionToken().getBytes(StandardCharsets.UTF_8);
      if (token == null || !MessageDigest.isEqual(expected, token.getBytes(StandardCharsets.UTF_8))) {
        protocol.error(request, response, "InvalidToken", 400, "The provided token is malformed or otherwise invalid.");
        return;
      }
      if (!callers.running(job.get())) {
        protocol.error(request, response, "ExpiredToken", 400, "The provided token has expired.");
        return;
      }
    }
    try (InputStream body = request.getInputStream()) {
      protocol.doHandle(request, request, response, body, new S3ProxyHandler.RequestContext());
    } catch (AwsServiceException e) {
      send(request, response, e);
    } catch (IllegalArgumentException e) {
      protocol.error(request, response, "InvalidArgument", 400, String.valueOf(e.getMessage()));
    } catch (UnsupportedOperationException e) {
      protocol.error(request, response, "NotImplemented", 501,
          "A header or operation you provided implies functionality that is not implemented");
    } catch (IOException | RuntimeException e) {
      Throwable cause = e;
      while (cause != null && !(cause instanceof AwsServiceException)) {
        cause = cause.getCause();
      }
      if (cause != null) {
        send(request, response, (AwsServiceException) cause);
      } else if (e instanceof IOException io && response.isCommitted()) {
        throw io;
      } else {
        log.warn("S3 {} {} failed: {}", request.getMethod(), request.getRequestURI(), e.toString());
        protocol.error(request, response, "InternalError", 500,
            "We encountered an internal error. Please try again.");
      }
    }
  }

  private void send(HttpServletRequest request, HttpServletResponse response, AwsServiceException e)
      throws IOException {
    if (response.isCommitted()) {
      return;
    }
    String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
        ? e.awsErrorDetails().errorCode() : S3Exceptions.errorCode(e);
    int status = e.statusCode();
    if (code == null) {
      code = switch (status) {
        case 403 -> "AccessDenied";
        case 404 -> "NoSuchKey";
        case 412 -> "PreconditionFailed";
        default -> "InternalError";
      };
    }
    String message = e.awsErrorDetails() == null || e.awsErrorDetails().errorMessage() == null ? ""
        : e.awsErrorDetails().errorMessage();
    protocol.error(request, response, code, status, message);
  }

  /** The access key id a request is signed with (header or presigned URL, SigV4 or V2); null when unsigned. */
  static String accessKeyId(HttpServletRequest request) {
    String authorization = request.getHeader("Authorization");
    if (authorization != null) {
      Matcher v4 = V4_CREDENTIAL.matcher(authorization);
      if (v4.find()) {
        return v4.group(1);
      }
      Matcher v2 = V2_CREDENTIAL.matcher(authorization);
      return v2.find() ? v2.group(1) : null;
    }
    String credential = queryParameter(request, "X-Amz-Credential");
    if (credential != null) {
      int slash = credential.indexOf('/');
      return slash > 0 ? credential.substring(0, slash) : null;
    }
    return queryParameter(request, "AWSAccessKeyId");
  }

  /** From the query string only: reading parameters through the servlet API could consume a form body. */
  private static String queryParameter(HttpServletRequest request, String name) {
    String query = request.getQueryString();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /**
   * S3Proxy's protocol handler, with its error document at hand. Its own single identity is replaced by the
   * locator at once; it is random so that it can never sign anything.
   */
  static final class Protocol extends S3ProxyHandler {

    Protocol(FlowlineBlobStore refuseAll) {
      super(refuseAll, AuthenticationType.AWS_V2_OR_V4, "FLOWLINE-UNUSED-" + random(), random(), null,
          5L * 1024 * 1024 * 1024, 128L * 1024 * 1024, 16 * 1024 * 1024, true,
          CrossOriginResourceSharing.disabled(), null, 15 * 60);
    }

    void error(HttpServletRequest request, HttpServletResponse response, String code, int status, String message)
        throws IOException {
      sendSimpleErrorResponse(request, response, code, status, message, Map.of());
    }

    private static String random() {
      byte[] bytes = new byte[24];
      new SecureRandom().nextBytes(bytes);
      return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
  }
}

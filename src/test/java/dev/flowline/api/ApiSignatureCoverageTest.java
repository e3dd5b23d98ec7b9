package dev.flowline.api;

import static dev.flowline.api.ApiClients.TARGET_PREFIX;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * What a signature must cover, and what an unauthenticated request may cost the server: X-Amz-Target and every
 * other x-amz-* header are signed or the request is refused, so a captured request cannot be replayed as another
 * operation; a request that cannot be authentic is answered from its headers, before its body is read.
 */
@FlowlineTest
class ApiSignatureCoverageTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String AMZ_JSON = "application/x-amz-json-1.1";

  @LocalServerPort
  int port;

  @Test
  @DisplayName("given a request whose X-Amz-Target is not signed, then 403 InvalidSignatureException and no operation runs")
  void unsignedTargetIsRefused() throws Exception {
    // signed as a ListPipelines call whose target was left out of SignedHeaders, then sent as another operation
    HttpResponse<String> response = send(signedWithout("{\"name\":\"replayed\"}", Map.of(),
        Map.of("X-Amz-Target", TARGET_PREFIX + "DeletePipeline")));

    assertError(response, 403, "InvalidSignatureException", "'X-Amz-Target' must be a 'SignedHeader'");
  }

  @Test
  @DisplayName("given a captured signed request replayed with another X-Amz-Target, then 403 signature mismatch")
  void replayAsAnotherOperationIsRefused() throws Exception {
    HttpRequest captured = signedWithout("{}", Map.of("X-Amz-Target", TARGET_PREFIX + "ListPipelines"), Map.of());
    assertThat(send(captured).statusCode()).isEqualTo(200);

    HttpRequest.Builder replay = HttpRequest.newBuilder(captured.uri()).POST(HttpRequest.BodyPublishers.ofString("{}"));
    captured.headers().map().forEach((name, values) -> values.forEach(value -> replay.header(name,
        name.equalsIgnoreCase("X-Amz-Target") ? TARGET_PREFIX + "ListActionTypes" : value)));

    assertError(send(replay.build()), 403, "InvalidSignatureException",
        "The request signature we calculated does not match");
  }

  @Test
  @DisplayName("given any other unsigned x-amz-* header, then 403 InvalidSignatureException naming it")
  void unsignedAmzHeaderIsRefused() throws Exception {
    HttpResponse<String> response = send(signedWithout("{}", Map.of("X-Amz-Target", TARGET_PREFIX + "ListPipelines"),
        Map.of("X-Amz-Security-Token", "smuggled")));

    assertError(response, 403, "InvalidSignatureException",
        "There were headers present in the request which were not signed: x-amz-security-token");
  }

  @Test
  @DisplayName("given no Authorization and a 64 MB body, then 403 before the server reads the body")
  void unauthenticatedBodyIsNotRead() throws Exception {
    RawExchange exchange = postSlowly(port, "", 64L * 1024 * 1024);

    assertThat(exchange.status()).isEqualTo(403);
    assertThat(exchange.body()).contains("MissingAuthenticationTokenException");
    assertThat(exchange.bytesSent()).as("answered before the client finished sending").isLessThan(1024 * 1024);
  }

  @Test
  @DisplayName("given an Authorization header with an unknown key and a 64 MB body, then 403 before the body is read")
  void unknownKeyBodyIsNotRead() throws Exception {
    String date = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now());
    String headers = "X-Amz-Date: " + date + "\r\n"
        + "Authorization: AWS4-HMAC-SHA256 Credential=AKIAUNKNOWN/" + date.substring(0, 8)
        + "/us-east-1/codepipeline/aws4_request, SignedHeaders=host;x-amz-date;x-amz-target, Signature="
        + "0".repeat(64) + "\r\n";
    RawExchange exchange = postSlowly(port, headers, 64L * 1024 * 1024);

    assertThat(exchange.status()).isEqualTo(403);
    assertThat(exchange.body()).contains("UnrecognizedClientException");
    assertThat(exchange.bytesSent()).isLessThan(1024 * 1024);
  }

  @Test
  @DisplayName("given valid signed headers declaring a body over the limit, then 413 before the body is read")
  void declaredLengthOverLimitIsRefusedUnread() throws Exception {
    HttpRequest signed = signedWithout("{}", Map.of("X-Amz-Target", TARGET_PREFIX + "ListPipelines"), Map.of());
    StringBuilder headers = new StringBuilder();
    signed.headers().map().forEach((name, values) -> values.forEach(v -> headers.append(name).append(": ")
        .append(v).append("\r\n")));
    RawExchange exchange = postSlowly(port, headers.toString(), AwsJsonEndpoint.MAX_BODY_BYTES + 1L);

    assertThat(exchange.status()).isEqualTo(413);
    assertThat(exchange.body()).contains("RequestEntityTooLargeException");
    assertThat(exchange.bytesSent()).isLessThan(1024 * 1024);
  }

  /** A signed POST / whose signature covers the {@code signed} headers; the {@code unsigned} ones are added after. */
  private HttpRequest signedWithout(String body, Map<String, String> signed, Map<String, String> unsigned) {
    SdkHttpRequest.Builder request = SdkHttpRequest.builder().method(SdkHttpMethod.POST)
        .uri(URI.create("http://127.0.0.1:" + port + "/")).putHeader("Content-Type", AMZ_JSON);
    signed.forEach(request::putHeader);
    SdkHttpRequest result = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(ApiProperties.DEFAULT_ACCESS_KEY_ID,
            ApiProperties.DEFAULT_SECRET_ACCESS_KEY))
        .request(request.build())
        .payload(ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "codepipeline")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC())).request();
    HttpRequest.Builder http = HttpRequest.newBuilder(result.getUri()).POST(HttpRequest.BodyPublishers.ofString(body));
    for (Map.Entry<String, List<String>> header : result.headers().entrySet()) {
      if (!header.getKey().equalsIgnoreCase("host") && !header.getKey().equalsIgnoreCase("content-length")) {
        header.getValue().forEach(value -> http.header(header.getKey(), value));
      }
    }
    unsigned.forEach(http::header);
    return http.build();
  }

  private static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  record RawExchange(int status, String body, long bytesSent) {}

  /**
   * POSTs {@code declaredLength} bytes over a raw socket, 64 KB at a time with a pause after each, while reading
   * the answer; returns as soon as the answer is complete, with the number of body bytes sent until then.
   */
  static RawExchange postSlowly(int port, String extraHeaders, long declaredLength) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      out.write(("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nContent-Type: " + AMZ_JSON + "\r\n"
          + "X-Amz-Target: " + TARGET_PREFIX + "ListPipelines\r\n" + extraHeaders
          + "Content-Length: " + declaredLength + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      AtomicLong sent = new AtomicLong();
      Thread sender = new Thread(() -> {
        byte[] chunk = new byte[64 * 1024];
        try {
          while (sent.get() < declaredLength) {
            out.write(chunk);
            out.flush();
            sent.addAndGet(chunk.length);
            Thread.sleep(200);
          }
        } catch (IOException | InterruptedException e) {
          // the server closed the connection, or the test is over
        }
      });
      sender.setDaemon(true);
      sender.start();
      String response = readResponse(socket.getInputStream());
      long bytesSent = sent.get();
      sender.interrupt();
      int status = Integer.parseInt(response.substring(9, 12));
      String body = response.substring(response.indexOf("\r\n\r\n") + 4);
      return new RawExchange(status, body, bytesSent);
    }
  }

  /** Reads the status line, the headers and a Content-Length body. */
  private static String readResponse(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed before the answer's headers: " + head);
      }
      head.write(b);
    }
    String headers = head.toString(StandardCharsets.ISO_8859_1);
    int length = headers.lines().filter(l -> l.toLowerCase().startsWith("content-length:"))
        .map(l -> Integer.parseInt(l.substring(15).strip())).findFirst().orElse(0);
    return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
  }

  private static void assertError(HttpResponse<String> response, int status, String type, String messageStart)
      throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("__type").asText()).isEqualTo(type);
    assertThat(body.path("message").asText()).startsWith(messageStart);
  }
}

package dev.flowline.api.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.api.ApiProperties.Credential;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Requests signed by the AWS SDK v2's own SigV4 signer, verified by Flowline's verifier. */
class SigV4VerifierTest {

  static final String KEY = "AKIDFLOWLINETEST0001";
  static final String SECRET = "test-secret-key-for-sigv4-verification";
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final String BODY = "{\"name\":\"demo\"}";

  final SigV4Verifier verifier = new SigV4Verifier(List.of(new Credential(KEY, SECRET, "alice")), "us-east-1",
      "codepipeline", Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  @DisplayName("given a request signed by the SDK v2 signer, when verified, then the caller is its key's user")
  void acceptsSdkSignedRequest() {
    VerifiedCaller caller = verifier.verify(sign(builder -> { }));

    assertThat(caller).isEqualTo(new VerifiedCaller(KEY, "alice"));
  }

  @Test
  @DisplayName("given a signed payload hash header (x-amz-content-sha256), when verified, then it is accepted")
  void acceptsSignedPayloadHashHeader() {
    SignedRequest request = sign(builder -> { }, NOW, KEY, SECRET, "us-east-1", "codepipeline", true);

    assertThat(request.firstHeader("x-amz-content-sha256")).isNotNull();
    assertThat(verifier.verify(request).accessKeyId()).isEqualTo(KEY);
  }

  @Test
  @DisplayName("given a query string and a header with runs of whitespace, when verified, then canonicalisation matches the SDK's")
  void canonicalisesQueryAndWhitespaceLikeTheSdk() {
    SignedRequest request = sign(builder -> builder
        .uri(URI.create("http://127.0.0.1:8080/?b=2&a=x%20y&a=1"))
        .putHeader("X-Custom-Header", "  several   spaces  here "));

    assertThat(verifier.verify(request).user()).isEqualTo("alice");
  }

  @Test
  @DisplayName("given a request signed 4 minutes ago, when verified, then it is still current")
  void acceptsSkewWithinFiveMinutes() {
    SignedRequest request = sign(builder -> { }, NOW.minus(Duration.ofMinutes(4)), KEY, SECRET, "us-east-1",
        "codepipeline", false);

    assertThat(verifier.verify(request).accessKeyId()).isEqualTo(KEY);
  }

  @Test
  @DisplayName("given no Authorization header, then 403 MissingAuthenticationTokenException")
  void refusesUnsignedRequest() {
    SignedRequest signed = sign(builder -> { });
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.remove("authorization");

    assertRefused(copy(signed, headers, signed.body()), "MissingAuthenticationTokenException", 403,
        "Missing Authentication Token");
  }

  @Test
  @DisplayName("given an access key nobody configured, then 403 UnrecognizedClientException")
  void refusesUnknownAccessKey() {
    assertRefused(sign(builder -> { }, NOW, "AKIDUNKNOWN000000000", SECRET, "us-east-1", "codepipeline", false),
        "UnrecognizedClientException", 403, "The security token included in the request is invalid.");
  }

  @Test
  @DisplayName("given a signature made with the wrong secret, then 403 InvalidSignatureException in AWS's words")
  void refusesWrongSecret() {
    assertRefused(sign(builder -> { }, NOW, KEY, "not-the-secret", "us-east-1", "codepipeline", false),
        "InvalidSignatureException", 403, "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.");
  }

  @Test
  @DisplayName("given a body changed after signing, then InvalidSignatureException (its signed hash no longer matches)")
  void refusesTamperedBody() {
    SignedRequest signed = sign(builder -> { });

    assertRefused(copy(signed, signed.headers(), "{\"name\":\"other\"}".getBytes()), "InvalidSignatureException",
        403, "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  @Test
  @DisplayName("given a signed header changed after signing (another operation), then InvalidSignatureException")
  void refusesTamperedSignedHeader() {
    SignedRequest signed = sign(builder -> { });
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.put("x-amz-target", List.of("CodePipeline_20150709.DeletePipeline"));

    assertRefused(copy(signed, headers, signed.body()), "InvalidSignatureException", 403,
        "The request signature we calculated does not match");
  }

  @Test
  @DisplayName("given a request signed 6 minutes ago, then InvalidSignatureException 'Signature expired'")
  void refusesExpiredSignature() {
    SignedRequest request = sign(builder -> { }, NOW.minus(Duration.ofMinutes(6)), KEY, SECRET, "us-east-1",
        "codepipeline", false);

    assertRefused(request, "InvalidSignatureException", 403, "Signature expired: 20260301T115400Z is now earlier "
        + "than 20260301T115500Z (20260301T120000Z - 5 min.)");
  }

  @Test
  @DisplayName("given a request dated 6 minutes in the future, then InvalidSignatureException 'Signature not yet current'")
  void refusesFutureSignature() {
    SignedRequest request = sign(builder -> { }, NOW.plus(Duration.ofMinutes(6)), KEY, SECRET, "us-east-1",
        "codepipeline", false);

    assertRefused(request, "InvalidSignatureException", 403, "Signature not yet current: 20260301T120600Z is still "
        + "later than 20260301T120500Z (20260301T120000Z + 5 min.)");
  }

  @Test
  @DisplayName("given a credential scoped to another region, then InvalidSignatureException naming it")
  void refusesOtherRegionScope() {
    assertRefused(sign(builder -> { }, NOW, KEY, SECRET, "eu-west-1", "codepipeline", false),
        "InvalidSignatureException", 403, "Credential should be scoped to a valid region, not 'eu-west-1'. ");
  }

  @Test
  @DisplayName("given a credential scoped to another service, then InvalidSignatureException")
  void refusesOtherServiceScope() {
    assertRefused(sign(builder -> { }, NOW, KEY, SECRET, "us-east-1", "codebuild", false),
        "InvalidSignatureException", 403, "Credential should be scoped to correct service: 'codepipeline'. ");
  }

  @Test
  @DisplayName("given an x-amz-content-sha256 that is not the body's hash, then InvalidSignatureException")
  void refusesWrongPayloadHashHeader() {
    SignedRequest signed = sign(builder -> { }, NOW, KEY, SECRET, "us-east-1", "codepipeline", true);
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.put("x-amz-content-sha256", List.of("0".repeat(64)));

    assertRefused(copy(signed, headers, signed.body()), "InvalidSignatureException", 403,
        "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  @Test
  @DisplayName("given an unsigned payload (UNSIGNED-PAYLOAD), then InvalidSignatureException")
  void refusesUnsignedPayload() {
    SignedRequest signed = sign(builder -> { });
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.put("x-amz-content-sha256", List.of("UNSIGNED-PAYLOAD"));

    assertRefused(copy(signed, headers, signed.body()), "InvalidSignatureException", 403, "The request payload must be signed");
  }

  @Test
  @DisplayName("given SignedHeaders without host, then InvalidSignatureException")
  void refusesUnsignedHost() {
    SignedRequest signed = sign(builder -> { });
    String authorization = signed.firstHeader("authorization").replace(";host;", ";");
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.put("authorization", List.of(authorization));

    assertThat(authorization).doesNotContain("host");
    assertRefused(copy(signed, headers, signed.body()), "InvalidSignatureException", 403,
        "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  }

  @Test
  @DisplayName("given an Authorization header without Signature, then 400 IncompleteSignatureException")
  void refusesIncompleteAuthorization() {
    SignedRequest signed = sign(builder -> { });
    String authorization = signed.firstHeader("authorization").replaceAll(", Signature=[0-9a-f]+", "");
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.put("authorization", List.of(authorization));

    assertRefused(copy(signed, headers, signed.body()), "IncompleteSignatureException", 400,
        "Authorization header requires 'Signature' parameter.");
  }

  @Test
  @DisplayName("given another authorization scheme (Basic), then 400 IncompleteSignatureException")
  void refusesOtherScheme() {
    SignedRequest signed = sign(builder -> { });
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.put("authorization", List.of("Basic dXNlcjpwYXNz"));

    assertRefused(copy(signed, headers, signed.body()), "IncompleteSignatureException", 400,
        "Unsupported Authorization Type");
  }

  @Test
  @DisplayName("given no X-Amz-Date and no Date header, then 400 IncompleteSignatureException")
  void refusesMissingDate() {
    SignedRequest signed = sign(builder -> { });
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.remove("x-amz-date");

    assertRefused(copy(signed, headers, signed.body()), "IncompleteSignatureException", 400,
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }

  @Test
  @DisplayName("given a credential without five parts, then 400 IncompleteSignatureException")
  void refusesMalformedCredential() {
    SignedRequest signed = sign(builder -> { });
    String authorization = signed.firstHeader("authorization").replace("/aws4_request", "");
    Map<String, List<String>> headers = new LinkedHashMap<>(signed.headers());
    headers.put("authorization", List.of(authorization));

    assertRefused(copy(signed, headers, signed.body()), "IncompleteSignatureException", 400,
        "Credential must have exactly 5 slash-delimited elements");
  }

  @Test
  @DisplayName("refusal messages never contain the secret or the expected signature")
  void refusalsDoNotLeakSecrets() {
    SignedRequest request = sign(builder -> { }, NOW, KEY, "wrong", "us-east-1", "codepipeline", false);

    assertThatThrownBy(() -> verifier.verify(request))
        .hasMessageNotContaining(SECRET)
        .hasMessageNotContaining("Signature=");
  }

  private void assertRefused(SignedRequest request, String errorType, int status, String messageStart) {
    assertThatThrownBy(() -> verifier.verify(request))
        .isInstanceOfSatisfying(SigV4Exception.class, e -> {
          assertThat(e.errorType()).isEqualTo(errorType);
          assertThat(e.httpStatus()).isEqualTo(status);
          assertThat(e.getMessage()).startsWith(messageStart);
        });
  }

  private static SignedRequest copy(SignedRequest request, Map<String, List<String>> headers, byte[] body) {
    return new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers, body);
  }

  private static SignedRequest sign(Consumer<SdkHttpRequest.Builder> customizer) {
    return sign(customizer, NOW, KEY, SECRET, "us-east-1", "codepipeline", false);
  }

  static SignedRequest sign(Consumer<SdkHttpRequest.Builder> customizer, Instant signingTime, String accessKey,
      String secret, String region, String service, boolean payloadHashHeader) {
    SdkHttpRequest.Builder builder = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(URI.create("http://127.0.0.1:8080/"))
        .putHeader("Content-Type", "application/x-amz-json-1.1")
        .putHeader("X-Amz-Target", "CodePipeline_20150709.GetPipeline")
        .putHeader("Content-Length", String.valueOf(BODY.length()));
    customizer.accept(builder);
    if (payloadHashHeader) {
      builder.putHeader("x-amz-content-sha256", "required");
    }
    SdkHttpRequest unsigned = builder.build();
    software.amazon.awssdk.http.auth.spi.signer.SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(accessKey, secret))
        .request(unsigned)
        .payload(ContentStreamProvider.fromUtf8String(BODY))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, region)
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(signingTime, ZoneOffset.UTC)));
    SdkHttpRequest request = signed.request();
    Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
    return new SignedRequest(request.method().name(), request.encodedPath(),
        request.encodedQueryParameters().orElse(null), headers, BODY.getBytes());
  }
}

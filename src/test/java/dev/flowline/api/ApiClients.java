package dev.flowline.api;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;

/** Clients of a running Flowline: the real AWS SDK v2 CodePipeline client, and raw (signed or not) HTTP. */
final class ApiClients {

  static final String TARGET_PREFIX = "CodePipeline_20150709.";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ApiClients() {}

  static CodePipelineClient codePipeline(int port) {
    return codePipeline(port, ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
  }

  static CodePipelineClient codePipeline(int port, String accessKeyId, String secretAccessKey) {
    return CodePipelineClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKeyId, secretAccessKey)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** A raw POST / signed with the default key pair by the SDK's SigV4 signer. */
  static HttpResponse<String> signedPost(int port, String target, String contentType, String body) {
    return signedPost(port, target, contentType, body, "codepipeline");
  }

  /** A raw POST / signed for {@code service} (e.g. {@code codecommit}) with the default key pair. */
  static HttpResponse<String> signedPost(int port, String target, String contentType, String body, String service) {
    SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
        .method(SdkHttpMethod.POST)
        .uri(URI.create("http://127.0.0.1:" + port + "/"));
    if (target != null) {
      unsigned.putHeader("X-Amz-Target", target);
    }
    if (contentType != null) {
      unsigned.putHeader("Content-Type", contentType);
    }
    SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(ApiProperties.DEFAULT_ACCESS_KEY_ID,
            ApiProperties.DEFAULT_SECRET_ACCESS_KEY))
        .request(unsigned.build())
        .payload(ContentStreamProvider.fromUtf8String(body))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.systemUTC())).request();
    HttpRequest.Builder request = HttpRequest.newBuilder(signed.getUri())
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (Map.Entry<String, List<String>> header : signed.headers().entrySet()) {
      if (!header.getKey().equalsIgnoreCase("host") && !header.getKey().equalsIgnoreCase("content-length")) {
        header.getValue().forEach(value -> request.header(header.getKey(), value));
      }
    }
    return send(request.build());
  }

  static HttpResponse<String> unsignedPost(int port, String target, String body) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
        .header("X-Amz-Target", target)
        .header("Content-Type", "application/x-amz-json-1.1")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build());
  }

  static HttpResponse<String> get(int port, String path) {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}

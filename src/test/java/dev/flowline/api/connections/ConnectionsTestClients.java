package dev.flowline.api.connections;

import dev.flowline.api.ApiProperties;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codeconnections.CodeConnectionsClient;
import software.amazon.awssdk.services.codestarconnections.CodeStarConnectionsClient;

/** The SDK v2 clients of both service names, and Flowline's token call, pointed at a Flowline under test. */
public final class ConnectionsTestClients {

  private ConnectionsTestClients() {}

  public static CodeStarConnectionsClient codeStar(int port) {
    return codeStar(port, ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY);
  }

  public static CodeStarConnectionsClient codeStar(int port, String keyId, String secret) {
    return CodeStarConnectionsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, secret)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  public static CodeConnectionsClient codeConnections(int port) {
    return CodeConnectionsClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** {@code PUT /flowline/connections/{id}/token} as {@code user}; answers the status and body. */
  public static HttpResponse<String> putToken(int port, String connectionArn, String user, String password,
      String json) throws IOException, InterruptedException {
    String id = connectionArn.substring(connectionArn.lastIndexOf('/') + 1);
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flowline/connections/" + id
            + "/token"))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
            .getBytes(StandardCharsets.UTF_8)))
        .header("Content-Type", "application/json")
        .PUT(HttpRequest.BodyPublishers.ofString(json)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Gives the connection {@code token} (and {@code webhookSecret}, may be null) as the embedded admin. */
  public static void complete(int port, String connectionArn, String token, String webhookSecret) throws Exception {
    String json = "{\"token\": \"" + token + "\"" + (webhookSecret == null ? "" : ", \"webhookSecret\": \""
        + webhookSecret + "\"") + "}";
    HttpResponse<String> response = putToken(port, connectionArn, "admin", "admin", json);
    if (response.statusCode() != 200) {
      throw new IllegalStateException("PUT token answered " + response.statusCode() + ": " + response.body());
    }
  }
}

package dev.flowline.codecommit;

import dev.flowline.api.ApiProperties;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;

/** The AWS SDK v2 CodeCommit client pointed at a Flowline under test, with the documented local key pair. */
final class CodeCommitClients {

  private CodeCommitClients() {}

  static CodeCommitClient codeCommit(int port) {
    return CodeCommitClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  /** {@code http://admin:admin@127.0.0.1:<port>/git/<repository>.git}: the embedded admin user. */
  static String pushUrl(int port, String repository) {
    return "http://admin:admin@127.0.0.1:" + port + "/git/" + repository + ".git";
  }
}

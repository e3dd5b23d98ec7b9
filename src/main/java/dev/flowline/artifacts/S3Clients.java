package dev.flowline.artifacts;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 clients Flowline uses for artifacts and for S3 source/deploy actions. */
public final class S3Clients {

  private S3Clients() {}

  /**
   * A client for {@code region}; with an {@code endpoint} (may be null) it talks path-style to that
   * S3-compatible store and sends checksums only where S3 requires them, which such stores accept.
   */
  public static S3Client create(URI endpoint, String region, AwsCredentialsProvider credentials) {
    S3ClientBuilder builder = S3Client.builder()
        .region(Region.of(region))
        .credentialsProvider(credentials)
        .httpClient(UrlConnectionHttpClient.builder().build());
    if (endpoint != null) {
      builder.endpointOverride(endpoint)
          .forcePathStyle(true)
          .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
          .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    }
    return builder.build();
  }
}

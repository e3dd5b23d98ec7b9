package dev.flowline.actions.build;

import dev.flowline.actions.aws.AwsClients;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.codebuild.CodeBuildClient;
import software.amazon.awssdk.services.codebuild.CodeBuildClientBuilder;

/** Builds the CodeBuild client of {@link AwsCodeBuild}: AWS itself, or any compatible endpoint. */
public final class CodeBuildClients {

  private CodeBuildClients() {}

  /** A client for {@code region}; with an {@code endpoint} (may be null) it talks to that endpoint instead of AWS. */
  public static CodeBuildClient create(URI endpoint, String region, AwsCredentialsProvider credentials) {
    return builder(endpoint, region, credentials).build();
  }

  static CodeBuildClientBuilder builder(URI endpoint, String region, AwsCredentialsProvider credentials) {
    return AwsClients.configure(CodeBuildClient.builder(), endpoint, region, credentials);
  }
}

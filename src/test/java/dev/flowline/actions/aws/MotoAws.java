package dev.flowline.actions.aws;

import dev.flowline.artifacts.MotoServer;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** An {@link AwsClients} whose every service is the given moto_server, with moto's dummy credentials. */
public final class MotoAws {

  private MotoAws() {}

  public static AwsClients clients(MotoServer moto) {
    return new AwsClients("us-east-1", Map.of(), moto.endpoint(), false,
        StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")));
  }
}

package dev.flowline;

import dev.flowline.artifacts.MotoServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A {@link FlowlineTest} whose AWS providers (flowline.aws.endpoint) talk to one moto_server, started once for
 * every test class that extends this one and stopped when the test JVM exits. The classes share one application
 * context of their own, on a database of their own (two engines on one in-memory database would take each other's
 * jobs), with moto's dummy credentials as the SDK's default chain finds them (system properties).
 */
@FlowlineTest
public abstract class AwsFlowlineTest {

  /**
   * Camunda keeps its engines in one registry per JVM, and /engine-rest serves the one named "default": with two
   * contexts both naming theirs "default", the other context's /engine-rest reached this one's engine. So this
   * context's engine has a name of its own (and its /engine-rest is not used by the tests).
   */
  protected static final String ENGINE_NAME = "aws-test";
  protected static final MotoServer MOTO = startMoto();

  @DynamicPropertySource
  static void awsEndpoints(DynamicPropertyRegistry registry) {
    registry.add("flowline.aws.endpoint", () -> MOTO.endpoint().toString());
    // application-test.yml makes SNS unreachable for the shared context; this one notifies through moto
    registry.add("flowline.aws.endpoints.sns", () -> MOTO.endpoint().toString());
    registry.add("flowline.aws.recheck-after", () -> "100ms");
    registry.add("camunda.bpm.process-engine-name", () -> ENGINE_NAME);
    registry.add("spring.datasource.url",
        () -> "jdbc:h2:mem:flowline-aws-test;DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000;QUERY_CACHE_SIZE=256");
  }

  private static MotoServer startMoto() {
    System.setProperty("aws.accessKeyId", "test");
    System.setProperty("aws.secretAccessKey", "test");
    try {
      MotoServer moto = MotoServer.start();
      Runtime.getRuntime().addShutdownHook(new Thread(moto::close));
      return moto;
    } catch (Exception e) {
      throw new IllegalStateException("moto_server did not start", e);
    }
  }
}

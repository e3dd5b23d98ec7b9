package dev.flowline;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.actions.aws.ElasticBeanstalkDouble;
import dev.flowline.artifacts.MotoServer;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one {@code moto_server} of the test JVM, and the initializer that points the shared test context's AWS
 * providers at it. Every {@link FlowlineTest} context gets {@code flowline.aws.endpoint} = this server (so every
 * AWS provider, present or future, reaches moto through {@code AwsClients}), {@code flowline.aws.recheck-after}
 * = 100 ms, and moto's dummy credentials as the SDK's default chain finds them (system properties). The one
 * exception is Elastic Beanstalk, whose deployment operations moto lacks: {@code flowline.aws.endpoints.elasticbeanstalk}
 * is {@link ElasticBeanstalkDouble}, which keeps its source bundles in this moto's S3.
 *
 * <p>Why not a context of its own for the AWS tests: a second Spring context starts a second Camunda engine in
 * the JVM, and Camunda's engine registry and /engine-rest are JVM-wide, so the shared context's /engine-rest
 * reached the other engine (EngineRestParityTest and the Tasklist-reading example tests failed in the full
 * suite's order). One context, one engine, and moto started once (about 2 s) for the whole suite.
 *
 * <p>An end-to-end test of an AWS provider: annotate it {@code @FlowlineTest}, call {@link #server()} for moto
 * (to reset or configure it), and build its own clients with {@code AwsClients.client(...)}. moto's state is
 * shared by every test of the JVM: use unique resource names and call {@link MotoServer#reset()} only when
 * the test needs it (Step Functions does). When moto_server is not installed the context starts without an AWS
 * endpoint and {@link #server()} skips the test.
 */
public final class SharedMoto implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  private static final Object LOCK = new Object();
  private static MotoServer server;
  private static ElasticBeanstalkDouble elasticBeanstalk;
  private static boolean tried;

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    MotoServer moto = startOnce();
    if (moto != null) {
      TestPropertyValues.of(
          "flowline.aws.endpoint=" + moto.endpoint(),
          "flowline.aws.endpoints.elasticbeanstalk=" + elasticBeanstalk.endpoint(),
          "flowline.aws.recheck-after=100ms").applyTo(context);
    }
  }

  /** The JVM's moto_server, started on first use; skips the calling test when moto_server is not installed. */
  public static MotoServer server() {
    MotoServer moto = startOnce();
    assumeTrue(moto != null, "moto_server is not installed");
    return moto;
  }

  /** The Elastic Beanstalk double of the shared context (see the class comment); skips like {@link #server()}. */
  public static ElasticBeanstalkDouble elasticBeanstalk() {
    server();
    return elasticBeanstalk;
  }

  private static MotoServer startOnce() {
    synchronized (LOCK) {
      if (!tried) {
        tried = true;
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try {
          server = MotoServer.start();
          elasticBeanstalk = ElasticBeanstalkDouble.start(server);
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            elasticBeanstalk.close();
            server.close();
          }));
        } catch (org.opentest4j.TestAbortedException notInstalled) {
          server = null;
        } catch (Exception e) {
          throw new IllegalStateException("moto_server did not start", e);
        }
      }
      return server;
    }
  }
}

package dev.flowline.actions.invoke;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points the test application context's Lambda endpoint ({@code flowline.aws.endpoints.lambda}) at the shared
 * {@link LambdaDouble}, when the test configuration asks for it ({@code flowline.test.lambda-double: true}) and no
 * Lambda endpoint is configured otherwise. A post-processor because the double's port is known only once it runs,
 * and every test class of the shared context must see the same configuration. Sets moto's dummy credentials as
 * system properties when there are none, as {@code AwsFlowlineTest} does.
 */
public class LambdaDoubleEndpoint implements EnvironmentPostProcessor, Ordered {

  @Override
  public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
    if (!"true".equals(environment.getProperty("flowline.test.lambda-double"))
        || environment.containsProperty("flowline.aws.endpoints.lambda")) {
      return;
    }
    // the SDK signs with whatever the default chain finds; a test JVM has no AWS credentials of its own
    if (System.getProperty("aws.accessKeyId") == null) {
      System.setProperty("aws.accessKeyId", "test");
      System.setProperty("aws.secretAccessKey", "test");
    }
    environment.getPropertySources().addFirst(new MapPropertySource("lambda-double",
        Map.of("flowline.aws.endpoints.lambda", LambdaDouble.shared().endpoint().toString())));
  }

  @Override
  public int getOrder() {
    return Ordered.LOWEST_PRECEDENCE;
  }
}

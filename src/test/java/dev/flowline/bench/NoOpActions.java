package dev.flowline.bench;

import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.time.Duration;
import java.util.List;
import org.springframework.context.annotation.Bean;

/**
 * Benchmark-only action types {@code <Category>/Custom/NoOp/1} whose executor succeeds at once, so a
 * benchmark measures the engine and not the work. Registered as an extra source of the benchmark's
 * application (deliberately not a scanned {@code @Configuration}: the test suite never sees these types);
 * the executor registry picks them up like any other executor bean, and validation accepts them through
 * the registry's catalog.
 */
class NoOpActions {
  static final String PROVIDER = "NoOp";

  static ActionTypeId type(String category) {
    return ActionTypeId.of(category, "Custom", PROVIDER, "1");
  }

  @Bean
  ActionExecutor noOpSource() {
    return new NoOpExecutor(type("Source"));
  }

  @Bean
  ActionExecutor noOpBuild() {
    return new NoOpExecutor(type("Build"));
  }

  @Bean
  ActionExecutor noOpTest() {
    return new NoOpExecutor(type("Test"));
  }

  @Bean
  ActionExecutor noOpDeploy() {
    return new NoOpExecutor(type("Deploy"));
  }

  private record NoOpExecutor(ActionTypeId id) implements ActionExecutor {
    private static final ActionResult SUCCEEDED = ActionResult.Succeeded.withSummary("no-op");

    @Override
    public ActionTypeSpec type() {
      return new ActionTypeSpec(id, 0, 5, 0, 5, List.of(), false, Duration.ofHours(1));
    }

    @Override
    public ActionResult execute(ActionJob job, ActionContext context) {
      return SUCCEEDED;
    }
  }
}

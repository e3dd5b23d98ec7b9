package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IaC example's safety promise, checked on its tool (examples/iac-app/bin/iac.sh) directly: apply
 * carries out only the plan that was approved, made from the code it is applied with.
 */
class IacExampleToolTest {
  private static final Path APP = ExampleRunner.EXAMPLES.resolve("iac-app");

  @TempDir Path work;
  Path plan;
  Path state;

  @BeforeEach
  void plan() throws Exception {
    plan = work.resolve("plan/plan.txt");
    state = work.resolve("state/resources.state");
    assertThat(iac(Map.of(), "plan", "infra/resources.conf", plan.toString()).exitCode()).isZero();
  }

  @Test
  @DisplayName("given a plan changed after its approval, when it is applied, then apply refuses and creates nothing")
  void refusesAChangedPlan() throws Exception {
    String approved = sha256(plan);
    Files.writeString(plan, "+ bucket not-approved x=1\n", StandardOpenOption.APPEND);

    Result result = iac(Map.of("APPROVED_PLAN_SHA256", approved), "apply", "infra/resources.conf", plan.toString(),
        state.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("Refusing to apply: the plan's sha256 is " + sha256(plan));
    assertThat(state).doesNotExist();
  }

  @Test
  @DisplayName("given an approved plan, when it is applied with different code, then apply refuses and creates nothing")
  void refusesAPlanOfOtherCode() throws Exception {
    Path otherCode = work.resolve("other.conf");
    Files.writeString(otherCode, "bucket something-else a=b\n");

    Result result = iac(Map.of("APPROVED_PLAN_SHA256", sha256(plan)), "apply", otherCode.toString(), plan.toString(),
        state.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.output()).contains("Refusing to apply: the plan was made from a different " + otherCode);
    assertThat(state).doesNotExist();
  }

  @Test
  @DisplayName("given the approved plan and its code, when it is applied, then every planned resource is in the state")
  void appliesTheApprovedPlan() throws Exception {
    Result result = iac(Map.of("APPROVED_PLAN_SHA256", sha256(plan)), "apply", "infra/resources.conf",
        plan.toString(), state.toString());

    assertThat(result.exitCode()).as(result.output()).isZero();
    assertThat(result.output()).endsWith("Apply complete: 3 created.\n");
    assertThat(Files.readAllLines(state)).containsExactly("bucket app-assets versioning=enabled",
        "bucket app-logs expire_after_days=30", "queue app-jobs visibility_timeout_seconds=60");
  }

  private record Result(int exitCode, String output) {}

  private Result iac(Map<String, String> environment, String... args) throws IOException, InterruptedException {
    List<String> command = Stream.concat(Stream.of("bash", "bin/iac.sh"), Stream.of(args)).toList();
    ProcessBuilder builder = new ProcessBuilder(command).directory(APP.toFile())
        .redirectErrorStream(true);
    builder.environment().remove("APPROVED_PLAN_SHA256");
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }

  private static String sha256(Path file) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}

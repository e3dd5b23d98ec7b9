package dev.flowline.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.flowline.FlowlineTest;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.compiler.CompilerOptions;
import dev.flowline.compiler.PipelineCompiler;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every pipeline of examples/ is valid, compiles deterministically and runs to Succeeded on the real
 * Flowline, leaving its deployed files and outputs where the example says (see docs/examples.md).
 */
@FlowlineTest
class ExamplePipelinesTest {
  /**
   * The examples the end-to-end tests below run; a new example needs a test here. codecommit.json and demo.json
   * need git pushes: dev.flowline.codecommit.CodeCommitTourTest runs codecommit.json end to end
   * (scripts/codecommit-tour.sh), dev.flowline.engine.DemoPipelineTest runs demo.json and
   * CloudFormationExampleTest runs cloudformation.json and ContainerExampleTest container.json against moto.
   */
  private static final List<String> RUN_END_TO_END = List.of("cloudformation.json", "codecommit.json", "container.json", "demo.json",
      "fan-out.json",
      "iac.json", "multi-environment.json", "parallel-tests.json", "simple.json");
  private static final Path DEMO_APP = ExampleRunner.EXAMPLES.resolve("demo-app");

  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired ArtifactStore artifacts;
  @Autowired PipelineValidator validator;
  @Autowired ActionTypeCatalog catalog;
  @LocalServerPort int port;
  ExampleRunner examples;

  @BeforeEach
  void setUp() {
    examples = new ExampleRunner(pipelines, executions, queries, artifacts, new Tasklist(port, "admin", "admin"));
  }

  static Stream<String> exampleFiles() throws IOException {
    try (Stream<Path> files = Files.list(ExampleRunner.EXAMPLES)) {
      return files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".json")).sorted().toList().stream();
    }
  }

  @Test
  @DisplayName("every examples/*.json is run end to end by a test of this class")
  void everyExampleRunsEndToEnd() throws IOException {
    assertThat(exampleFiles()).containsExactlyElementsOf(RUN_END_TO_END);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleFiles")
  @DisplayName("given an example, when it is validated and compiled twice, then it is valid and both XMLs are identical")
  void validAndCompilesDeterministically(String file) throws IOException {
    PipelineDeclaration first = ExampleRunner.read(file).pipeline();
    // aws-more: an example whose provider comes from a branch not merged yet (container.json: ECS) waits for it
    List<String> unregistered = first.stages().stream().flatMap(s -> s.actionsOrEmpty().stream())
        .map(ActionDeclaration::actionTypeId).filter(id -> catalog.find(id).isEmpty()).map(ActionTypeId::topic)
        .toList();
    assumeTrue(unregistered.isEmpty(), () -> file + " uses " + unregistered + ", not registered in this build");
    PipelineDeclaration second = ExampleRunner.read(file).pipeline();

    assertThat(validator.validate(first)).as("violations of %s", file).isEmpty();
    String xml = new PipelineCompiler(CompilerOptions.defaults()).compile(first).xml();
    assertThat(new PipelineCompiler(CompilerOptions.defaults()).compile(second).xml()).isEqualTo(xml);
  }

  @Test
  @DisplayName("simple: source, build, deploy; the built site lands in the bucket with the execution id")
  void simple() throws Exception {
    ExampleRunner.Run run = examples.run("simple.json", "demo-app");

    assertSucceeded(run, "Source", "Build", "Deploy");
    assertThat(run.approvals).isEmpty();
    Path site = run.bucket("flowline-simple-site");
    assertThat(site.resolve("dist/index.html")).hasSameTextualContentAs(DEMO_APP.resolve("site/index.html"));
    assertThat(Files.readString(site.resolve("dist/version.txt")).strip()).isEqualTo(run.executionId);
  }

  @Test
  @DisplayName("multi-environment: staging is deployed before the approval, production only after it, with the same build")
  void multiEnvironment() throws Exception {
    ExampleRunner.Run run = examples.run("multi-environment.json", "demo-app", (r, approval) -> {
      assertThat(r.bucket("flowline-staging-site").resolve("dist/build.txt")).exists();
      assertThat(r.bucket("flowline-production-site")).isEmptyDirectory();
      assertThat(r.actions()).doesNotContainKey("DeployProduction");
    });

    assertSucceeded(run, "Source", "Build", "DeployStaging", "PromoteToProduction", "DeployProduction");
    String buildId = run.action("Build").output().outputVariables().get("BUILD_ID");
    assertThat(buildId).matches("build-[0-9a-f]{12}");
    ExampleRunner.Approval approval = run.approvals.get(0);
    assertThat(approval.customData()).isEqualTo(buildId + " is live in staging (s3://flowline-staging-site-"
        + run.suffix + "/dist/). Promote the same build to production?");
    assertThat(approval.description()).isEqualTo(approval.customData());
    // the console's page of the execution that waits, resolved when the approval starts
    assertThat(approval.externalEntityLink()).isEqualTo(
        "http://127.0.0.1:8080/console/pipelines/flowline-multi-environment/executions/" + run.executionId);
    for (String bucket : List.of("flowline-staging-site", "flowline-production-site")) {
      assertThat(Files.readString(run.bucket(bucket).resolve("dist/build.txt")).strip()).as(bucket).isEqualTo(buildId);
      assertThat(run.bucket(bucket).resolve("dist/index.html")).hasSameTextualContentAs(DEMO_APP.resolve("site/index.html"));
    }
  }

  @Test
  @DisplayName("parallel tests: three tests share runOrder 1, the report (runOrder 2) starts after all of them ended")
  void parallelTests() throws Exception {
    ExampleRunner.Run run = examples.run("parallel-tests.json", "demo-app");

    assertSucceeded(run, "Source", "Build", "UnitTests", "LintHtml", "SizeBudget", "TestReport", "DeploySite",
        "PublishTestReport");
    Instant reportStarted = run.action("TestReport").startTime();
    for (String test : List.of("UnitTests", "LintHtml", "SizeBudget")) {
      assertThat(run.action(test).lastUpdateTime()).as(test + " ended before the report started")
          .isBeforeOrEqualTo(reportStarted);
    }
    String xml = new PipelineCompiler(CompilerOptions.defaults())
        .compile(ExampleRunner.read("parallel-tests.json").pipeline()).xml();
    for (String test : List.of("UnitTests", "LintHtml", "SizeBudget")) {
      assertThat(xml).as("%s forks off runOrder 1", test).contains("sourceRef=\"Fork_Test_1\" targetRef=\"Action_Test_" + test + "\"");
    }

    assertThat(run.action("TestReport").output().outputVariables()).containsEntry("REPORT_LINES", "3");
    Path report = run.bucket("flowline-parallel-tests-reports").resolve(run.executionId).resolve("summary/tests.txt");
    assertThat(Files.readAllLines(report)).hasSize(3).satisfiesExactly(
        unit -> assertThat(unit).isEqualTo("2 checks passed"),
        lint -> assertThat(lint).isEqualTo("lint: index.html has a doctype and a title"),
        size -> assertThat(size).matches("size: dist is \\d+ KB of a 1024 KB budget"));
    assertThat(run.bucket("flowline-parallel-tests-site").resolve("dist/index.html")).exists();
  }

  @Test
  @DisplayName("fan-out: one build deployed by two actions in two regions, to each region's bucket")
  void fanOut() throws Exception {
    ExampleRunner.Run run = examples.run("fan-out.json", "demo-app");

    assertSucceeded(run, "Source", "Build", "DeployUsEast1", "DeployEuWest1");
    assertThat(run.action("DeployUsEast1").input().region()).isEqualTo("us-east-1");
    assertThat(run.action("DeployEuWest1").input().region()).isEqualTo("eu-west-1");
    for (String bucket : List.of("flowline-fan-out-site-us-east-1", "flowline-fan-out-site-eu-west-1")) {
      assertThat(Files.readString(run.bucket(bucket).resolve("dist/version.txt")).strip()).as(bucket)
          .isEqualTo(run.executionId);
      assertThat(run.bucket(bucket).resolve("dist/index.html")).hasSameTextualContentAs(DEMO_APP.resolve("site/index.html"));
    }
  }

  @Test
  @DisplayName("IaC: the approval shows the plan's summary and hash; apply creates exactly the approved plan")
  void iac() throws Exception {
    ExampleRunner.Run run = examples.run("iac.json", "iac-app",
        (r, approval) -> assertThat(r.actions()).doesNotContainKey("Apply"));

    assertSucceeded(run, "Source", "Plan", "ApprovePlan", "Apply");
    Map<String, String> planVariables = run.action("Plan").output().outputVariables();
    assertThat(planVariables).containsEntry("PLAN_SUMMARY", "Plan: 3 to create.");
    String planHash = planVariables.get("PLAN_SHA256");
    assertThat(planHash).matches("[0-9a-f]{64}");
    assertThat(run.approvals).extracting(ExampleRunner.Approval::customData).containsExactly("Plan: 3 to create."
        + " Plan sha256 " + planHash + "; the full plan is in the Plan action's log. Apply exactly this plan?");

    String plan = run.outputArtifact("Plan", "PlanOutput").get("plan/plan.txt");
    assertThat(plan).contains("+ bucket app-assets versioning=enabled", "+ queue app-jobs visibility_timeout_seconds=60");
    assertThat(run.action("Apply").output().outputVariables()).containsEntry("APPLIED_RESOURCES", "3");
    assertThat(run.outputArtifact("Apply", "StateOutput").get("state/resources.state")).isEqualTo("""
        bucket app-assets versioning=enabled
        bucket app-logs expire_after_days=30
        queue app-jobs visibility_timeout_seconds=60
        """);
  }

  private static void assertSucceeded(ExampleRunner.Run run, String... actions) {
    assertThat(run.status()).as(run.describe()).isEqualTo("Succeeded");
    assertThat(run.actions()).as(run.describe()).hasSize(actions.length);
    for (String action : actions) {
      ActionExecutionDetail detail = run.action(action);
      assertThat(detail.status()).as("%s; %s", action, run.describe()).isEqualTo("Succeeded");
    }
  }
}

package dev.flowline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.TestUsers;
import dev.flowline.codecommit.GitCli;
import dev.flowline.codecommit.HostedRepositories;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecutionSummary;
import dev.flowline.execution.PipelineState;
import dev.flowline.execution.notify.NotificationDeliveries;
import dev.flowline.pipeline.PipelineCodec;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console in a real browser: Debian's chromium, headless, driven by Selenium through chromium-driver, against
 * the whole Flowline (one Spring context, one browser for the class). Each scenario acts as a person would and
 * checks the outcome in the same views the API answers from. With {@code -Dconsole.screenshots=docs/images} the
 * screenshots of the pages are written where the README shows them.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration PATIENCE = Duration.ofSeconds(45);

  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @Autowired IdentityService identity;
  @Autowired HostedRepositories repositories;
  @Autowired NotificationDeliveries deliveries;
  @LocalServerPort int port;

  private final String suffix = UUID.randomUUID().toString().substring(0, 6);
  private final String demo = "console-demo-" + suffix;
  private final String ops = "console-ops-" + suffix;
  private final String flakyGate = "console-flaky-" + suffix;
  private final String longGate = "console-long-" + suffix;
  /** Where the pages' screenshots go; set (to docs/images) to take the README's pictures of a fresh start too. */
  private final String screenshotsProperty = System.getProperty("console.screenshots");
  private final Path screenshots = Path.of(screenshotsProperty == null ? "target/console-screenshots" : screenshotsProperty);
  private WebDriver browser;
  private String reader;
  private String firstExecution;
  private String releasedExecution;

  @BeforeAll
  void startBrowserAndPipelines() throws IOException {
    boolean browser = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String missing = "the browser tests need chromium and chromium-driver (.ci/run installs them with apt-get)";
    // on CI a missing browser is a failure, not a skip: .ci/run installs it, so its absence is a broken machine
    if (!browser && "true".equals(System.getenv("CI"))) {
      Assertions.fail(missing);
    }
    Assumptions.assumeTrue(browser, missing);
    reader = new TestUsers(identity).create("consolereader", "flowline-readers");
    startBrowser();
    if (screenshotsProperty != null) {
      freshStartScreenshots();
    }
    ConsolePipelines.putSource("src-" + demo);
    ConsolePipelines.putSource("src-" + ops);
    pipelines.create(PipelineCodec.read(ConsolePipelines.approvalPipeline(demo)));
    pipelines.create(PipelineCodec.read(ConsolePipelines.operationsPipeline(ops, flakyGate, longGate)));
  }

  private void startBrowser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1440,900", "--disable-extensions", "--no-first-run", "--lang=en-US");
    ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build();
    browser = new ChromeDriver(service, options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  /**
   * The README's pictures: the real demo of a fresh start (examples/demo.json on the hosted repository, as
   * config/DemoPipeline creates it), at its approval, before the scenarios' pipelines exist.
   */
  private void freshStartScreenshots() throws IOException {
    String name = "flowline-demo";
    try {
      Files.createDirectories(ConsolePipelines.DATA_DIR.resolve("s3").resolve("flowline-demo-site"));
      repositories.delete(name); // left by an earlier run: the repositories live on disk, the database in memory
      repositories.create(name, "The Flowline demo app");
      GitCli git = new GitCli(ConsolePipelines.DATA_DIR.toAbsolutePath().resolve("git-home"));
      Path clone = Files.createTempDirectory("demo-clone");
      try (Stream<Path> files = Files.walk(Path.of("examples/demo-app"))) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Path target = clone.resolve(Path.of("examples/demo-app").relativize(file).toString());
          Files.createDirectories(target.getParent());
          Files.copy(file, target);
        }
      }
      git.init(clone);
      git.run(clone, "add", "-A").ok();
      git.run(clone, "commit", "-q", "-m", "The demo app").ok();
      git.run(clone, "push", "-q", "http://admin:admin@127.0.0.1:" + port + "/git/" + name + ".git", "main").ok();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
    pipelines.create(PipelineCodec.read(Files.readString(Path.of("examples/demo.json"))));
    await().atMost(Duration.ofSeconds(180)).until(() -> approvalState(name), a -> a != null && a.token() != null);
    String execution = latest(name).pipelineExecutionId();
    String build = queries.actionExecutions(name, execution, 0, 100).stream()
        .filter(a -> a.actionName().equals("Build")).findFirst().orElseThrow().actionExecutionId();

    browser.get(url("/"));
    screenshot("console-login");
    signIn("admin", "admin");
    waitUntilText("tr[data-pipeline='" + name + "']", "InProgress");
    screenshot("console-pipelines");
    browser.get(url("/console/pipelines/" + name));
    waitFor(By.cssSelector("li[data-action='Approve'] button.approve"));
    screenshot("console-pipeline");
    String cockpit = waitFor(By.cssSelector(".running a.cockpit")).getAttribute("href");
    browser.get(cockpit);
    new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.urlContains("/process-instance/"));
    waitFor(By.cssSelector("svg .djs-element"));
    sleepForRendering();
    screenshot("cockpit-demo");
    openApprovalInTasklist(taskName(name, "Approve", "Approve", execution));
    screenshot("tasklist-approval");
    browser.get(url("/console/pipelines/" + name + "/executions/" + execution));
    waitFor(By.cssSelector("section[data-stage='Deploy']"));
    screenshot("console-execution");
    browser.get(url("/console/pipelines/" + name + "/executions"));
    waitFor(By.cssSelector("tr[data-execution='" + execution + "']"));
    screenshot("console-history");
    browser.get(url("/console/logs/" + build));
    waitUntilText("#log-poller", "End of log");
    screenshot("console-log");
    browser.manage().deleteAllCookies();
  }

  @AfterAll
  void stopBrowser() throws IOException {
    if (browser != null) {
      browser.quit();
    }
    ConsolePipelines.open(flakyGate);
    ConsolePipelines.open(longGate);
  }

  @Test
  @Order(1)
  @DisplayName("Opening / sends a visitor to the login page; after signing in, / is the pipelines list")
  void logIn() throws IOException {
    browser.get(url("/"));
    assertThat(browser.getCurrentUrl()).contains("/console/login");
    signIn("admin", "admin");
    assertThat(browser.getCurrentUrl()).isEqualTo(url("/"));
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Pipelines");
    assertThat(browser.findElement(By.cssSelector("tr[data-pipeline='" + demo + "']")).getText()).contains(demo);
  }

  @Test
  @Order(2)
  @DisplayName("The pipeline page shows the demo at its approval, live (no reload), with a link to Cockpit that needs no second login")
  void demoAtItsApprovalAndCockpit() {
    await().atMost(PATIENCE).until(() -> deliveries.recent(demo, 10), d -> !d.isEmpty());
    browser.get(url("/console/pipelines/" + demo));
    WebElement approve = waitFor(By.cssSelector("li[data-action='Approve'] button.approve"));
    assertThat(approve.isDisplayed()).isTrue();
    assertThat(text("li[data-stage='Build']")).contains("Succeeded");
    assertThat(text("li[data-action='Approve']")).contains("Does the build look right?", "Review the change");
    // the notification delivery history, read-only: the rule of application-test.yml sent execution-started
    assertThat(text("section.deliveries")).contains("Notification deliveries", "execution-started",
        "http://127.0.0.1:9/flowline-console-test");
    browser.get(url("/"));
    waitUntilText("tr[data-pipeline='" + demo + "']", "InProgress");
    browser.findElement(By.linkText(demo)).click();

    String cockpitLink = waitFor(By.cssSelector(".running a.cockpit")).getAttribute("href");
    browser.get(cockpitLink);
    new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.urlContains("/process-instance/"));
    new WebDriverWait(browser, PATIENCE).until(d -> d.getPageSource().contains(demo));
    assertThat(browser.getCurrentUrl()).doesNotContain("login");
  }

  @Test
  @Order(3)
  @DisplayName("Release change starts an execution, which waits in front of the stage the approval keeps locked")
  void releaseChangeWaitsAtTheLockedStage() {
    firstExecution = latest(demo).pipelineExecutionId();
    browser.get(url("/console/pipelines/" + demo));
    waitFor(By.id("release-change")).click();
    assertThat(text(".message.ok")).contains("Released a change");
    releasedExecution = latest(demo).pipelineExecutionId();
    assertThat(releasedExecution).isNotEqualTo(firstExecution);
    assertThat(queries.execution(demo, releasedExecution).orElseThrow().trigger().triggerDetail())
        .endsWith(":user/admin");
    waitUntilText("li[data-stage='Approve'] .waiting", releasedExecution.substring(0, 8));
  }

  @Test
  @Order(4)
  @DisplayName("Approving from the console lets the execution deploy; the approval records the comment and who")
  void approve() {
    browser.get(url("/console/pipelines/" + demo));
    waitFor(By.cssSelector("li[data-action='Approve'] textarea")).sendKeys("Looks right");
    browser.findElement(By.cssSelector("li[data-action='Approve'] button.approve")).click();
    assertThat(text(".message.ok")).contains("Approved Approve / Approve");
    await().atMost(PATIENCE).until(() -> status(demo, firstExecution), "Succeeded"::equals);
    waitUntilText("li[data-stage='Deploy']", "Succeeded");
    List<ActionExecutionDetail> approvals = queries.actionExecutions(demo, firstExecution, 0, 100).stream()
        .filter(a -> a.actionName().equals("Approve")).toList();
    assertThat(approvals).singleElement().satisfies(a -> {
      assertThat(a.status()).isEqualTo("Succeeded");
      assertThat(a.output().executionResult().externalExecutionSummary()).isEqualTo("Looks right");
      assertThat(a.updatedBy()).endsWith(":user/admin");
    });
  }

  @Test
  @Order(5)
  @DisplayName("Rejecting the released change's approval fails it")
  void reject() {
    browser.get(url("/console/pipelines/" + demo));
    // the released execution enters the stage the first one left, and its approval appears by itself
    waitFor(By.cssSelector("li[data-action='Approve'] textarea")).sendKeys("Not this one");
    browser.findElement(By.cssSelector("li[data-action='Approve'] button.reject")).click();
    assertThat(text(".message.ok")).contains("Rejected");
    await().atMost(PATIENCE).until(() -> status(demo, releasedExecution), "Failed"::equals);
    PipelineState.ActionExecution approval = approvalState(demo);
    assertThat(approval.summary()).isEqualTo("Not this one");
    assertThat(approval.lastUpdatedBy()).endsWith(":user/admin");
  }

  @Test
  @Order(6)
  @DisplayName("Disabling a transition needs a reason and holds it; enabling opens it again")
  void disableAndEnableTransition() {
    browser.get(url("/console/pipelines/" + demo));
    WebElement reason = waitFor(By.cssSelector("li[data-stage='Deploy'] form.disable-transition input[name=reason]"));
    browser.findElement(By.cssSelector("li[data-stage='Deploy'] form.disable-transition button")).click();
    // the browser refuses the empty required reason: nothing was sent
    assertThat(transition(demo, "Deploy").enabled()).isNotEqualTo(Boolean.FALSE);
    reason.sendKeys("Freeze for the release review");
    browser.findElement(By.cssSelector("li[data-stage='Deploy'] form.disable-transition button")).click();
    assertThat(text(".message.ok")).contains("Disabled the transition into Deploy");
    assertThat(text("li[data-stage='Deploy'] .transition")).contains("Transition disabled", "Freeze for the release review");
    PipelineState.TransitionState disabled = transition(demo, "Deploy");
    assertThat(disabled.enabled()).isFalse();
    assertThat(disabled.disabledReason()).isEqualTo("Freeze for the release review");

    browser.findElement(By.cssSelector("li[data-stage='Deploy'] form.enable-transition button")).click();
    assertThat(text(".message.ok")).contains("Enabled the transition into Deploy");
    assertThat(transition(demo, "Deploy").enabled()).isNotEqualTo(Boolean.FALSE);
  }

  @Test
  @Order(7)
  @DisplayName("Rollback re-runs a stage with the artifacts of an execution that succeeded there")
  void rollback() {
    String target = queries.executions(demo, "Deploy", 0, 1).get(0).pipelineExecutionId();
    browser.get(url("/console/pipelines/" + demo));
    WebElement form = waitFor(By.cssSelector("li[data-stage='Deploy'] form.rollback"));
    assertThat(form.findElement(By.tagName("select")).getAttribute("value")).isEqualTo(target);
    form.findElement(By.tagName("button")).click();
    assertThat(text(".message.ok")).contains("Rolling back stage Deploy to execution " + target);
    PipelineExecutionSummary rollback = latest(demo);
    assertThat(rollback.executionType()).isEqualTo("ROLLBACK");
    assertThat(rollback.rollbackMetadata().rollbackTargetPipelineExecutionId()).isEqualTo(target);
    await().atMost(PATIENCE).until(() -> status(demo, rollback.pipelineExecutionId()), "Succeeded"::equals);
  }

  @Test
  @Order(8)
  @DisplayName("Retry failed actions re-runs only the failed one; the history shows the other once")
  void retryFailedStage() {
    String execution = queries.executions(ops, null, 0, 1).get(0).pipelineExecutionId();
    await().atMost(PATIENCE).until(() -> status(ops, execution), "Failed"::equals);
    browser.get(url("/console/pipelines/" + ops));
    assertThat(text("li[data-stage='Work'] li[data-action='Flaky']")).contains("Failed");
    assertThat(text("li[data-stage='Work'] li[data-action='Steady']")).contains("Succeeded");
    try {
      ConsolePipelines.open(flakyGate);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    browser.findElement(By.cssSelector("li[data-stage='Work'] button.retry-failed")).click();
    assertThat(text(".message.ok")).contains("Retrying stage Work");
    waitUntilText("li[data-stage='Work'] li[data-action='Flaky']", "Succeeded");
    List<ActionExecutionDetail> steady = queries.actionExecutions(ops, execution, 0, 100).stream()
        .filter(a -> a.actionName().equals("Steady")).toList();
    browser.get(url("/console/pipelines/" + ops + "/executions/" + execution));
    long steadyRows = browser.findElements(By.cssSelector("section[data-stage='Work'] tr[data-action='Steady']")).size();
    assertThat(steadyRows).as("ListActionExecutions has %s", steady).isEqualTo(1);
  }

  @Test
  @Order(9)
  @DisplayName("A running action's log is followed live in the page, with the console's session")
  void followRunningLog() throws IOException {
    String execution = queries.executions(ops, null, 0, 1).get(0).pipelineExecutionId();
    browser.get(url("/console/pipelines/" + ops));
    WebElement log = waitFor(By.cssSelector("li[data-action='Follow'] a.log-link"));
    log.click();
    waitUntilText("#log", "line 1 of the long action");
    assertThat(text("#log-poller")).contains("Following");
    waitUntilText("#log", "line 4 of the long action");
    // the plain-text log (the action's externalExecutionUrl) takes the same session: no second password
    browser.findElement(By.linkText("Download as text")).click();
    new WebDriverWait(browser, PATIENCE).until(d -> d.getPageSource().contains("line 4 of the long action"));
    assertThat(browser.getCurrentUrl()).contains("/flowline/logs/");
    browser.get(url("/console/pipelines/" + ops + "/executions/" + execution));
    waitUntilText("section[data-stage='Long']", "Follow");
  }

  @Test
  @Order(10)
  @DisplayName("Stop and abandon ends the running execution as Stopped")
  void stop() {
    String execution = queries.executions(ops, null, 0, 1).get(0).pipelineExecutionId();
    browser.get(url("/console/pipelines/" + ops));
    WebElement running = waitFor(By.cssSelector(".running li[data-execution='" + execution + "']"));
    running.findElement(By.cssSelector("input[name=reason]")).sendKeys("Enough");
    running.findElement(By.cssSelector("button.stop-abandon")).click();
    assertThat(text(".message.ok")).contains("Stopping and abandoning execution " + execution);
    await().atMost(PATIENCE).until(() -> status(ops, execution), "Stopped"::equals);
    browser.get(url("/console/pipelines/" + ops + "/executions"));
    waitUntilText("tr[data-execution='" + execution + "']", "Stopped");
  }

  @Test
  @Order(11)
  @DisplayName("A form post without the CSRF token is refused and changes nothing")
  void forgedPostWithoutCsrfToken() throws Exception {
    browser.get(url("/console/pipelines/" + demo));
    Cookie session = browser.manage().getCookieNamed("JSESSIONID");
    int executions = queries.executions(demo, null, 0, 100).size();
    HttpResponse<String> forged = post("/console/pipelines/" + demo + "/release", session, "");
    assertThat(forged.statusCode()).isEqualTo(403);
    assertThat(forged.headers().firstValue("X-Frame-Options")).hasValue("DENY");
    assertThat(forged.body()).contains("CSRF token");
    HttpResponse<String> wrong = post("/console/pipelines/" + demo + "/release", session, "_csrf=forged");
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(queries.executions(demo, null, 0, 100)).hasSize(executions);
  }

  @Test
  @Order(12)
  @DisplayName("A reader sees no operator buttons; a post of one (with a valid token) is refused with a message")
  void readerCannotOperate() throws Exception {
    browser.findElement(By.cssSelector(".who button")).click();
    signIn(reader, TestUsers.password(reader));
    browser.get(url("/console/pipelines/" + demo));
    waitFor(By.cssSelector("li[data-stage='Deploy']"));
    assertThat(browser.findElements(By.id("release-change"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("form.disable-transition, form.rollback, form.retry, form.stop")))
        .isEmpty();
    assertThat(text(".note")).contains("operators' role");

    String token = browser.findElement(By.cssSelector(".who input[name=_csrf]")).getAttribute("value");
    Cookie session = browser.manage().getCookieNamed("JSESSIONID");
    int executions = queries.executions(demo, null, 0, 100).size();
    HttpResponse<String> refused = post("/console/pipelines/" + demo + "/release", session, "_csrf=" + token);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("may not release a change", "Nothing was changed");
    assertThat(queries.executions(demo, null, 0, 100)).hasSize(executions);

    String action = latestAction(demo);
    browser.get(url("/console/logs/" + action));
    assertThat(browser.findElement(By.id("log")).isDisplayed()).isTrue();
  }

  @Test
  @Order(13)
  @DisplayName("A user without a role sees no pipelines, and an action's log page answers 404 as for no action")
  void logOfAnActionTheUserMayNotSeeIs404() throws Exception {
    String nobody = new TestUsers(identity).create("consolenobody");
    browser.findElement(By.cssSelector(".who button")).click();
    signIn(nobody, TestUsers.password(nobody));
    assertThat(text(".message.error")).contains("no role that may read pipelines");
    assertThat(browser.findElements(By.cssSelector("tr[data-pipeline]"))).isEmpty();
    Cookie session = browser.manage().getCookieNamed("JSESSIONID");
    String action = latestAction(demo);
    assertThat(get("/console/logs/" + action, session).statusCode()).isEqualTo(404);
    assertThat(get("/console/logs/" + UUID.randomUUID(), session).statusCode()).isEqualTo(404);
    assertThat(get("/console/pipelines/" + demo, session).statusCode()).isEqualTo(404);
  }

  @Test
  @Order(14)
  @DisplayName("Approving from Tasklist, with the console's login: the task named for the execution, an explicit decision")
  void approveFromTasklist() {
    browser.get(url("/"));
    browser.findElement(By.cssSelector(".who button")).click();
    signIn("admin", "admin");
    browser.get(url("/console/pipelines/" + demo));
    waitFor(By.id("release-change")).click();
    assertThat(text(".message.ok")).contains("Released a change");
    String execution = latest(demo).pipelineExecutionId();
    await().atMost(PATIENCE).until(() -> approvalState(demo),
        a -> a != null && a.token() != null && "InProgress".equals(a.status()));

    openApprovalInTasklist(taskName(demo, "Approve", "Approve", execution));
    assertThat(browser.getCurrentUrl()).doesNotContain("login");
    List<WebElement> claim = browser.findElements(By.cssSelector("button.claim"));
    if (!claim.isEmpty() && claim.get(0).isDisplayed()) {
      claim.get(0).click();
      new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector("button.claim")));
    }
    WebElement complete = waitFor(By.xpath("//button[normalize-space()='Complete']"));
    assertThat(browser.findElement(By.cssSelector("select[name=decision]")).getAttribute("required")).isNotNull();
    // the form's links are real links: the approval's ExternalEntityLink and the pipeline's console page
    assertThat(waitFor(By.cssSelector("a.flowline-external-link")).getAttribute("href"))
        .isEqualTo("https://example.com/review");
    assertThat(browser.findElement(By.cssSelector("a.flowline-console-link")).getAttribute("href"))
        .isEqualTo(url("/console/pipelines/" + demo));
    new org.openqa.selenium.support.ui.Select(waitFor(By.cssSelector("select[name=decision]"))).selectByVisibleText("Approve");
    new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.elementToBeClickable(complete)).click();
    await().atMost(PATIENCE).until(() -> status(demo, execution), "Succeeded"::equals);
    List<ActionExecutionDetail> approvals = queries.actionExecutions(demo, execution, 0, 100).stream()
        .filter(a -> a.actionName().equals("Approve")).toList();
    assertThat(approvals).singleElement().satisfies(a -> assertThat(a.status()).isEqualTo("Succeeded"));
    browser.get(url("/console/pipelines/" + demo + "/executions/" + execution));
    waitUntilText("section[data-stage='Deploy']", "Succeeded");
  }

  @Test
  @Order(15)
  @DisplayName("Stop and wait: the page shows Stopping while the running action finishes, then Stopped; a second "
      + "stop and wait is refused")
  void stopAndWait() throws Exception {
    String name = "console-stopwait-" + suffix;
    String longKey = name + "-long";
    ConsolePipelines.putSource("src-" + name);
    ConsolePipelines.open(name + "-flaky");
    pipelines.create(PipelineCodec.read(ConsolePipelines.operationsPipeline(name, name + "-flaky", longKey)));
    String execution = latest(name).pipelineExecutionId();
    await().atMost(PATIENCE).until(() -> queries.actionExecutions(name, execution, 0, 100).stream()
        .anyMatch(a -> a.actionName().equals("Follow") && a.input() != null && a.input().resolvedConfiguration() != null));
    try {
      browser.get(url("/console/pipelines/" + name));
      WebElement running = waitFor(By.cssSelector(".running li[data-execution='" + execution + "']"));
      running.findElement(By.cssSelector("input[name=reason]")).sendKeys("Let it finish");
      running.findElement(By.cssSelector("button.stop-wait")).click();
      assertThat(text(".message.ok")).contains("Stopping execution " + execution, "its running actions finish first");
      waitUntilText(".running li[data-execution='" + execution + "']", "Stopping");
      waitUntilText("li[data-stage='Long'] section.stage h2", "Stopping");
      assertThat(text("li[data-stage='Long'] li[data-action='Follow']")).contains("InProgress");
      assertThat(browser.findElements(By.cssSelector(".running li[data-execution='" + execution + "'] button.stop-wait")))
          .as("stop and wait is not offered twice").isEmpty();

      String token = browser.findElement(By.cssSelector(".who input[name=_csrf]")).getAttribute("value");
      HttpResponse<String> again = post("/console/pipelines/" + name + "/stop",
          browser.manage().getCookieNamed("JSESSIONID"), "_csrf=" + token + "&executionId=" + execution + "&abandon=false");
      assertThat(again.statusCode()).isEqualTo(400);
      assertThat(again.body()).contains("already in a Stopping state");
      assertThat(status(name, execution)).isEqualTo("Stopping");
    } finally {
      ConsolePipelines.open(longKey);
    }
    // the running action was let finish: it succeeded, and then the execution stopped, by itself on the page
    waitUntilText("li[data-stage='Long'] section.stage h2", "Stopped");
    assertThat(text("li[data-stage='Long'] li[data-action='Follow']")).contains("Succeeded");
    assertThat(status(name, execution)).isEqualTo("Stopped");
    assertThat(browser.findElements(By.cssSelector(".running li[data-execution='" + execution + "']"))).isEmpty();
    assertThat(browser.findElements(By.cssSelector("li[data-stage='Long'] form.retry")))
        .as("the stage where the execution stopped can be retried").hasSize(1);
    browser.get(url("/console/pipelines/" + name + "/executions/" + execution));
    waitUntilText("dl.facts", "Stopped");
    assertThat(text("section[data-stage='Long'] tr[data-action='Follow']")).contains("Succeeded");
  }

  @Test
  @Order(16)
  @DisplayName("Retry all actions runs every action of the failed stage again; the history shows both runs of each; "
      + "a stage that did not fail offers no retry and refuses one")
  void retryAllActions() throws Exception {
    String name = "console-retryall-" + suffix;
    String flakyKey = name + "-flaky";
    ConsolePipelines.putSource("src-" + name);
    ConsolePipelines.open(name + "-long");
    pipelines.create(PipelineCodec.read(ConsolePipelines.operationsPipeline(name, flakyKey, name + "-long")));
    String execution = latest(name).pipelineExecutionId();
    await().atMost(PATIENCE).until(() -> status(name, execution), "Failed"::equals);

    browser.get(url("/console/pipelines/" + name));
    waitUntilText("li[data-stage='Work'] li[data-action='Flaky']", "Failed");
    assertThat(browser.findElements(By.cssSelector("li[data-stage='Source'] form.retry")))
        .as("the Source stage succeeded: no retry offered").isEmpty();
    String token = browser.findElement(By.cssSelector(".who input[name=_csrf]")).getAttribute("value");
    HttpResponse<String> refused = post("/console/pipelines/" + name + "/stages/Source/retry",
        browser.manage().getCookieNamed("JSESSIONID"),
        "_csrf=" + token + "&executionId=" + execution + "&retryMode=ALL_ACTIONS");
    assertThat(refused.statusCode()).isEqualTo(400);
    assertThat(refused.body()).contains("Unable to retry");
    assertThat(queries.actionExecutions(name, execution, 0, 100)).as("nothing ran again").hasSize(3);
    assertThat(status(name, execution)).isEqualTo("Failed");

    ConsolePipelines.open(flakyKey);
    browser.get(url("/console/pipelines/" + name));
    waitFor(By.cssSelector("li[data-stage='Work'] button.retry-all")).click();
    assertThat(text(".message.ok")).contains("Retrying stage Work of execution " + execution + " (all actions)");
    await().atMost(PATIENCE).until(() -> status(name, execution), "Succeeded"::equals);
    waitUntilText("li[data-stage='Work'] li[data-action='Flaky']", "Succeeded");
    List<ActionExecutionDetail> work = queries.actionExecutions(name, execution, 0, 100).stream()
        .filter(a -> a.stageName().equals("Work")).sorted(java.util.Comparator.comparing(ActionExecutionDetail::startTime))
        .toList();
    assertThat(work).extracting(a -> a.actionName() + " " + a.status()).as("ListActionExecutions")
        .containsExactly("Steady Succeeded", "Flaky Failed", "Steady Succeeded", "Flaky Succeeded");
    assertThat(stage(name, "Work").retryStageMetadata()).satisfies(retry -> {
      assertThat(retry.manualStageRetryAttempt()).isEqualTo(1);
      assertThat(retry.latestRetryTrigger()).isEqualTo("ManualStageRetry");
    });

    browser.get(url("/console/pipelines/" + name + "/executions/" + execution));
    waitUntilText("dl.facts", "Succeeded");
    assertThat(browser.findElements(By.cssSelector("section[data-stage='Work'] tr[data-action]")))
        .extracting(row -> row.getAttribute("data-action") + " " + row.findElement(By.cssSelector(".status")).getText())
        .as("the execution's history: the first run and the retry of every action")
        .containsExactly("Steady Succeeded", "Flaky Failed", "Steady Succeeded", "Flaky Succeeded");
  }

  /** Opens Tasklist (the console's session: no second login) and the approval task found by its name in the list. */
  private void openApprovalInTasklist(String taskName) {
    browser.get(url("/camunda/app/tasklist/default/"));
    WebElement task = new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.elementToBeClickable(
        By.xpath("//*[contains(@class,'task')]//*[normalize-space()=" + xpathLiteral(taskName) + "]")));
    task.click();
    waitFor(By.cssSelector("select[name=decision]"));
  }

  /** The approval task's name in Tasklist, as issue 16 asks: pipeline, stage / action, execution. */
  private static String taskName(String pipeline, String stage, String action, String execution) {
    return "Approve " + pipeline + " · " + stage + " / " + action + " · execution " + execution;
  }

  private static String xpathLiteral(String text) {
    return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
  }

  private void sleepForRendering() {
    try {
      Thread.sleep(1500); // Cockpit fits and colours the diagram after it appears
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private HttpResponse<String> get(String path, Cookie session) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
        .header("Cookie", session.getName() + "=" + session.getValue()).GET().build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, Cookie session, String form) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url(path)))
        .header("Cookie", session.getName() + "=" + session.getValue())
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private void signIn(String user, String password) {
    waitFor(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    new WebDriverWait(browser, PATIENCE).until(d -> !d.getCurrentUrl().contains("/console/login"));
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  private WebElement waitFor(By by) {
    return new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(by));
  }

  private String text(String css) {
    return waitFor(By.cssSelector(css)).getText();
  }

  /** Waits for the page to show {@code expected} in {@code css} by itself: the console's live updates, no reload. */
  private void waitUntilText(String css, String expected) {
    new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css),
        expected));
  }

  private void screenshot(String name) throws IOException {
    Files.createDirectories(screenshots);
    Path file = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
    Files.copy(file, screenshots.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
  }

  private PipelineExecutionSummary latest(String pipeline) {
    return queries.executions(pipeline, null, 0, 1).get(0);
  }

  private String status(String pipeline, String execution) {
    return queries.execution(pipeline, execution).orElseThrow().status();
  }

  private PipelineState.ActionExecution approvalState(String pipeline) {
    return stage(pipeline, "Approve").actionStates().get(0).latestExecution();
  }

  private PipelineState.TransitionState transition(String pipeline, String stage) {
    PipelineState.TransitionState state = stage(pipeline, stage).inboundTransitionState();
    return state == null ? new PipelineState.TransitionState(true, null, null, null) : state;
  }

  private PipelineState.StageState stage(String pipeline, String name) {
    return queries.state(pipeline).stageStates().stream().filter(s -> s.stageName().equals(name)).findFirst()
        .orElseThrow();
  }

  private String latestAction(String pipeline) {
    return queries.actionExecutions(pipeline, null, 0, 1).get(0).actionExecutionId();
  }
}

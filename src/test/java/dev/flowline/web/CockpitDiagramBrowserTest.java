package dev.flowline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.codecommit.GitCli;
import dev.flowline.codecommit.HostedRepositories;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.pipeline.PipelineCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.camunda.bpm.engine.RuntimeService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 16, item 2: Cockpit's diagram of the demo pipeline stays readable at its default zoom. The demo of
 * examples/demo.json (its stages, actions and names; pipeline and repository renamed so it runs beside anything
 * else) runs on a hosted repository up to its approval; a person signs in to the console, follows its link to the
 * running instance in Cockpit, in a 1440x900 window, and every label of the diagram is drawn at least 10 px high
 * (font size times the scale Cockpit's fit-to-viewport chose). The figure is printed for docs/cockpit.md.
 */
@FlowlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CockpitDiagramBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final Duration PATIENCE = Duration.ofSeconds(45);
  /** Every label's text, the font size it is drawn with and the scale of the diagram it is drawn in. */
  private static final String LABELS = """
      return Array.from(document.querySelectorAll('.djs-container svg text'))
        .filter(t => t.textContent.trim().length > 0 && t.getBoundingClientRect().width > 0)
        .map(t => ({text: t.textContent.trim(), px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a}));
      """;

  @Autowired PipelineService pipelines;
  @Autowired ExecutionQueries queries;
  @Autowired HostedRepositories repositories;
  @Autowired RuntimeService runtime;
  @LocalServerPort int port;

  private final String name = "labels-demo-" + UUID.randomUUID().toString().substring(0, 6);
  private final Path screenshots = Path.of("target/console-screenshots");
  private WebDriver browser;

  @BeforeAll
  void startBrowserAndDemo() throws Exception {
    boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    String missing = "the browser tests need chromium and chromium-driver (.ci/run installs them with apt-get)";
    if (!present && "true".equals(System.getenv("CI"))) {
      Assertions.fail(missing);
    }
    Assumptions.assumeTrue(present, missing);
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1440,900", "--disable-extensions", "--no-first-run", "--lang=en-US");
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    seedRepository();
    String demo = Files.readString(Path.of("examples/demo.json"))
        .replace("\"name\": \"flowline-demo\"", "\"name\": \"" + name + "\"")
        .replace("\"RepositoryName\": \"flowline-demo\"", "\"RepositoryName\": \"" + name + "\"")
        .replace("/console/pipelines/flowline-demo/", "/console/pipelines/" + name + "/");
    pipelines.create(PipelineCodec.read(demo));
  }

  /** The demo app on a hosted repository of its own, as config/DemoPipeline seeds flowline-demo. */
  private void seedRepository() throws IOException, InterruptedException {
    Files.createDirectories(ConsolePipelines.DATA_DIR.resolve("s3").resolve("flowline-demo-site"));
    repositories.create(name, "The Flowline demo app");
    GitCli git = new GitCli(ConsolePipelines.DATA_DIR.toAbsolutePath().resolve("git-home"));
    Path clone = Files.createTempDirectory("labels-demo");
    Path app = Path.of("examples/demo-app");
    try (Stream<Path> files = Files.walk(app)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Path target = clone.resolve(app.relativize(file).toString());
        Files.createDirectories(target.getParent());
        Files.copy(file, target);
      }
    }
    git.init(clone);
    git.run(clone, "add", "-A").ok();
    git.run(clone, "commit", "-q", "-m", "The demo app").ok();
    git.run(clone, "push", "-q", "http://admin:admin@127.0.0.1:" + port + "/git/" + name + ".git", "main").ok();
  }

  @AfterAll
  void stopBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  @DisplayName("Cockpit draws every label of the running demo at 10 px or more in a 1440x900 window, at its default zoom")
  void labelsReadableAtDefaultZoom() throws IOException {
    await().atMost(Duration.ofSeconds(180)).until(() -> queries.state(name).stageStates().stream()
        .filter(s -> s.stageName().equals("Approve")).findFirst().orElseThrow().actionStates().get(0).latestExecution(),
        a -> a != null && a.token() != null);
    signIn();
    browser.get(url("/console/pipelines/" + name));
    String cockpit = new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector(".running a.cockpit"))).getAttribute("href");
    browser.get(cockpit);
    new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.urlContains("/process-instance/"));
    // Cockpit fits the diagram to its viewport after drawing it; measure once the scale has settled
    List<Map<String, Object>> labels;
    try {
      labels = settledLabels();
    } finally {
      Files.createDirectories(screenshots);
      Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
          screenshots.resolve("cockpit-labels.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    Map<String, Object> smallest = labels.stream()
        .min((a, b) -> Double.compare(px(a), px(b))).orElseThrow();
    Object viewport = ((JavascriptExecutor) browser).executeScript("const c = document.querySelector('.djs-container');"
        + " const g = c.querySelector('svg g.viewport'); const b = g.getBBox();"
        + " return c.clientWidth + 'x' + c.clientHeight + ' px (diagram ' + Math.round(b.width) + 'x'"
        + " + Math.round(b.height) + ' at scale ' + g.getCTM().a.toFixed(3) + ')';");
    System.out.printf("Cockpit demo diagram in a %s viewport: %d labels, smallest %.2f px (%s)%n", viewport,
        labels.size(), px(smallest), smallest.get("text"));
    assertThat(labels).extracting(l -> l.get("text")).contains("Source", "Build", "UnitTests", "LintHtml",
        "Approve", "Deploy", "Rejected", "Timed out");
    assertThat(labels).allSatisfy(l -> assertThat(px(l)).as("label '%s'", l.get("text")).isGreaterThanOrEqualTo(10));
  }

  @Test
  @DisplayName("The demo approval's ExternalEntityLink is the console's page of the execution that waits for it")
  void externalEntityLinkOpensTheExecution() {
    await().atMost(Duration.ofSeconds(180)).until(() -> queries.state(name).stageStates().stream()
        .filter(s -> s.stageName().equals("Approve")).findFirst().orElseThrow().actionStates().get(0).latestExecution(),
        a -> a != null && a.token() != null);
    String execution = queries.executions(name, null, 0, 1).get(0).pipelineExecutionId();
    String instance = runtime.createProcessInstanceQuery().processInstanceBusinessKey(execution).singleResult().getId();
    Object link = runtime.createVariableInstanceQuery().processInstanceIdIn(instance).variableName("approvalLink")
        .singleResult().getValue();
    assertThat(link).isEqualTo("http://127.0.0.1:8080/console/pipelines/" + name + "/executions/" + execution);
    signIn();
    browser.get(link.toString().replace(":8080/", ":" + port + "/"));
    assertThat(new WebDriverWait(browser, PATIENCE).until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("section[data-stage='Approve']"))).getText()).contains("Approve");
    assertThat(browser.getPageSource()).contains(execution);
  }

  @SuppressWarnings("unchecked")
  private List<Map<String, Object>> settledLabels() {
    JavascriptExecutor js = (JavascriptExecutor) browser;
    List<Map<String, Object>>[] last = new List[1];
    await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
      List<Map<String, Object>> now = (List<Map<String, Object>>) js.executeScript(LABELS);
      boolean settled = last[0] != null && !now.isEmpty() && now.equals(last[0]);
      last[0] = now;
      return settled;
    });
    return last[0];
  }

  /** Signs in to the console (and so to Cockpit) unless this browser already has a session. */
  private void signIn() {
    browser.get(url("/console/login"));
    if (browser.findElements(By.id("username")).isEmpty()) {
      return;
    }
    browser.findElement(By.id("username")).sendKeys("admin");
    browser.findElement(By.id("password")).sendKeys("admin");
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    new WebDriverWait(browser, PATIENCE).until(d -> !d.getCurrentUrl().contains("/console/login"));
  }

  private static double px(Map<String, Object> label) {
    return ((Number) label.get("px")).doubleValue();
  }

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }
}

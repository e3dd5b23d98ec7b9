package dev.flowline.templates;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The Camunda Modeler's editor ({@code camunda-bpmn-js}: bpmn-js with the Camunda 7 properties panel and element
 * templates) in headless Chromium, driven through chromedriver. A local HTTP server on 127.0.0.1 serves the
 * editor page, the package's dist/ from {@code modeler-plugins/node_modules} (installed by {@code npm ci}, never
 * fetched at test time) and the templates of {@code bpmn-templates/}; nothing comes from the internet.
 */
public final class ModelerEditor implements AutoCloseable {

  public static final Path DIST = Path.of("modeler-plugins", "node_modules", "camunda-bpmn-js", "dist");
  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  /** The screenshot in docs/: the properties panel of an S3 source action with its template applied. */
  public static final Path SCREENSHOT = Path.of("docs", "images", "modeler-properties-panel.png");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ChromeDriverService service;
  private final ChromeDriver browser;

  private ModelerEditor(HttpServer server, ChromeDriverService service, ChromeDriver browser) {
    this.server = server;
    this.service = service;
    this.browser = browser;
  }

  /**
   * Opens the editor with every template of bpmn-templates/ loaded, as the Modeler loads its
   * resources/element-templates folder. Without the npm packages or Chromium, fails on CI and is aborted with
   * the command to run elsewhere.
   */
  public static ModelerEditor open() throws IOException {
    requirePresent(DIST.resolve("camunda-platform-modeler.production.min.js"),
        "the editor's npm packages are not installed: run (cd modeler-plugins && npm ci)");
    requirePresent(CHROMIUM, "Chromium is not installed: apt-get install -y chromium chromium-driver");
    requirePresent(CHROMEDRIVER, "chromedriver is not installed: apt-get install -y chromium chromium-driver");
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ModelerEditor::serve);
    server.start();
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1500,900", "--no-first-run", "--disable-extensions", "--disable-background-networking");
    ChromeDriver browser;
    try {
      browser = new ChromeDriver(service, options);
    } catch (RuntimeException e) {
      server.stop(0);
      service.stop();
      throw e;
    }
    browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    ModelerEditor editor = new ModelerEditor(server, service, browser);
    browser.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    return editor;
  }

  private static void requirePresent(Path path, String message) {
    if (Files.exists(path)) {
      return;
    }
    if ("true".equals(System.getenv("CI"))) {
      Assertions.fail(message + " (.ci/run installs it)");
    }
    Assumptions.abort(message + "; .ci/run installs it");
  }

  /**
   * What a person does in the Modeler for a two-stage pipeline (an S3 source, a Commands action that reads it):
   * imports the drawn design, names the process, applies the templates and fills the fields. The S3 bucket is
   * typed into the properties panel; the screenshot shows that panel. Returns the saved XML.
   */
  public String designTwoStagePipeline(String name, String sourceBucket, String artifactBucket)
      throws IOException {
    List<String> problems = importXml(resource("design.bpmn"));
    if (!problems.isEmpty()) {
      throw new IllegalStateException("the editor reported " + problems);
    }
    rename("Process_Design", name);
    applyTemplate("Process_Design", "dev.flowline.pipeline");
    setProperty("Process_Design", "flowline.pipeline.roleArn", "arn:aws:iam::123456789012:role/modeler");
    setProperty("Process_Design", "flowline.pipeline.artifactStore",
        "{\"type\": \"S3\", \"location\": \"" + artifactBucket + "\"}");
    applyTemplate("Stage_Source", "dev.flowline.stage");
    applyTemplate("Stage_Build", "dev.flowline.stage");

    applyTemplate("Task_Fetch", "dev.flowline.action.Source.AWS.S3.1");
    typeInPanel("Task_Fetch", "Configuration", "S3Bucket", sourceBucket);
    setProperty("Task_Fetch", "flowline.config.S3ObjectKey", "app.zip");
    setProperty("Task_Fetch", "flowline.config.PollForSourceChanges", "false");
    setProperty("Task_Fetch", "flowline.action.outputArtifacts", "Src");
    screenshot(SCREENSHOT);

    applyTemplate("Task_Echo", "dev.flowline.action.Compute.AWS.Commands.1");
    setProperty("Task_Echo", "flowline.action.inputArtifacts", "Src");
    setProperty("Task_Echo", "flowline.action.commands", "[\"cat README.txt\"]");
    return exportXml();
  }

  /** Imports a diagram; answers the template errors and import warnings (none when all is well). */
  public List<String> importXml(String xml) throws IOException {
    Object result = async("flowlineEditor.open(arguments[0], JSON.parse(arguments[1]))", xml, templatesJson());
    List<String> warnings = new ArrayList<>();
    ((List<?>) result).forEach(w -> warnings.add(String.valueOf(w)));
    return warnings;
  }

  public void rename(String elementId, String name) {
    js("flowlineEditor.rename(arguments[0], arguments[1])", elementId, name);
  }

  public void applyTemplate(String elementId, String templateId) {
    js("flowlineEditor.applyTemplate(arguments[0], arguments[1])", elementId, templateId);
  }

  public String appliedTemplate(String elementId) {
    return (String) js("return flowlineEditor.appliedTemplate(arguments[0])", elementId);
  }

  public void setProperty(String elementId, String name, String value) {
    js("flowlineEditor.setProperty(arguments[0], arguments[1], arguments[2])", elementId, name, value);
  }

  /** Selects the element, opens the group of the properties panel and types into the field with this label. */
  public void typeInPanel(String elementId, String group, String label, String text) {
    js("flowlineEditor.select(arguments[0])", elementId);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(10));
    WebElement header = wait.until(d -> d.findElement(By.xpath(
        "//div[contains(@class,'bio-properties-panel-group-header')][.//*[normalize-space(text())='" + group + "']]")));
    if (!header.getAttribute("class").contains("open")) {
      header.click();
    }
    WebElement input = wait.until(d -> d.findElement(By.xpath("//div[@data-entry-id]"
        + "[.//label[normalize-space(text())='" + label + "']]//input")));
    input.click();
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), text, Keys.TAB);
  }

  /** The properties panel's field of this label, as the person sees it. */
  public String panelValue(String label) {
    return browser.findElement(By.xpath("//div[@data-entry-id][.//label[normalize-space(text())='" + label
        + "']]//input")).getAttribute("value");
  }

  /** The panel's validation message under a field, or empty. */
  public String panelError(String label) {
    List<WebElement> errors = browser.findElements(By.xpath("//div[@data-entry-id][.//label[normalize-space(text())='"
        + label + "']]//*[contains(@class,'bio-properties-panel-error')]"));
    return errors.isEmpty() ? "" : errors.get(0).getText();
  }

  /** File > Save: the XML the Modeler writes and deploys. */
  public String exportXml() {
    return (String) async("flowlineEditor.xml()");
  }

  /**
   * Writes a screenshot to target/ always, and to {@code file} (in docs/) when it is missing or
   * {@code -Dflowline.screenshots.write=true} asks for a new one, so an ordinary test run leaves the work tree
   * clean.
   */
  public void screenshot(Path file) throws IOException {
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    Path target = Path.of("target", file.getFileName().toString());
    Files.createDirectories(target.toAbsolutePath().getParent());
    Files.write(target, png);
    if (!Files.exists(file) || Boolean.getBoolean("flowline.screenshots.write")) {
      Files.createDirectories(file.toAbsolutePath().getParent());
      Files.write(file, png);
    }
  }

  private Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  private Object async(String promise, Object... args) {
    Object result = ((JavascriptExecutor) browser).executeAsyncScript("const done = arguments[arguments.length - 1];"
        + "Promise.resolve().then(() => " + promise + ").then(done, e => done({error: String(e && e.message || e)}));",
        args);
    if (result instanceof Map<?, ?> map && map.containsKey("error")) {
      throw new IllegalStateException("editor: " + map.get("error"));
    }
    return result;
  }

  static String templatesJson() throws IOException {
    List<Object> templates = new ArrayList<>();
    try (Stream<Path> files = Files.list(ElementTemplatesTest.TEMPLATES)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        templates.add(JSON.readTree(file.toFile()));
      }
    }
    return JSON.writeValueAsString(templates);
  }

  private static void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      byte[] body;
      String type;
      if (path.equals("/")) {
        try (InputStream in = ModelerEditor.class.getResourceAsStream("/modeler/editor.html")) {
          body = in.readAllBytes();
        }
        type = "text/html";
      } else if (path.startsWith("/camunda-bpmn-js/")) {
        Path root = DIST.toAbsolutePath().normalize();
        Path file = root.resolve(path.substring("/camunda-bpmn-js/".length())).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        body = Files.readAllBytes(file);
        type = contentType(file.getFileName().toString());
      } else {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static String contentType(String name) {
    if (name.endsWith(".js")) {
      return "text/javascript";
    } else if (name.endsWith(".css")) {
      return "text/css";
    } else if (name.endsWith(".woff2")) {
      return "font/woff2";
    } else if (name.endsWith(".woff")) {
      return "font/woff";
    } else if (name.endsWith(".svg")) {
      return "image/svg+xml";
    }
    return "application/octet-stream";
  }

  public static String resource(String name) throws IOException {
    try (InputStream in = ModelerEditor.class.getResourceAsStream("/modeler/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    try {
      browser.quit();
    } finally {
      service.stop();
      server.stop(0);
    }
  }

}

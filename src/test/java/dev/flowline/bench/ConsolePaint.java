package dev.flowline.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How fast a console page shows in a real browser: Debian's chromium, headless, driven by Selenium (as the console's
 * browser tests run it), logged in once, then the page opened {@code loads} times from about:blank. Each load reports
 * the browser's own Performance API figures: responseEnd (navigation timing: the last byte of the HTML) and
 * first-contentful-paint (paint timing), both in milliseconds from the start of the navigation.
 */
final class ConsolePaint implements AutoCloseable {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  private static final String TIMINGS = """
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      if (!nav || !fcp) return null;
      const blocking = performance.getEntriesByType('resource').filter(r => r.renderBlockingStatus === 'blocking')
        .reduce((end, r) => Math.max(end, r.responseEnd), 0);
      const scripts = performance.getEntriesByType('long-animation-frame').flatMap(f => f.scripts)
        .filter(x => x.startTime < fcp.startTime).reduce((sum, x) => sum + x.duration, 0);
      return [nav.responseEnd, fcp.startTime, nav.responseStart, blocking, scripts];""";

  private static final String ENTRIES = """
      return JSON.stringify(performance.getEntries().map(e => [e.entryType, e.name.slice(-60), Math.round(e.startTime),
        Math.round(e.duration), Math.round(e.responseEnd || 0), Math.round(e.renderStart || 0),
        Math.round(e.styleAndLayoutStart || 0), (e.scripts || []).map(x => [x.invoker, x.sourceURL.slice(-40),
          Math.round(x.startTime), Math.round(x.duration)])]));""";

  private final ChromeDriver browser;
  private final String base;

  /**
   * The first paint and the end of the HTML response over a number of loads, and where the time before the paint
   * went (p50s): the server's first byte (responseStart), the end of the last render-blocking resource (the
   * stylesheet), and the scripts that ran before the paint (long-animation-frame attribution; 0 when no frame was
   * long).
   */
  record Figures(Latency firstContentfulPaint, Latency responseEnd, double responseStart, double renderBlockingEnd,
      double scriptsBeforePaint) {}

  static boolean available() {
    return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
  }

  ConsolePaint(int port, String user, String password) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--window-size=1440,900", "--disable-extensions", "--no-first-run", "--lang=en-US");
    browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
        .usingAnyFreePort().build(), options);
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    base = "http://127.0.0.1:" + port;
    browser.get(base + "/console/login");
    browser.findElement(By.id("username")).sendKeys(user);
    browser.findElement(By.id("password")).sendKeys(password);
    browser.findElement(By.cssSelector("form button[type=submit]")).click();
    new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> !d.getCurrentUrl().contains("/console/login"));
  }

  Figures measure(String path, int warmup, int loads) {
    double[][] figures = new double[5][loads];
    for (int i = -warmup; i < loads; i++) {
      browser.get("about:blank");
      browser.get(base + path);
      if (browser.getCurrentUrl().contains("/console/login")) {
        throw new IllegalStateException("the console sent the browser to its login page");
      }
      @SuppressWarnings("unchecked")
      List<Number> timings = new WebDriverWait(browser, Duration.ofSeconds(10))
          .until(d -> (List<Number>) ((JavascriptExecutor) d).executeScript(TIMINGS));
      if (i == loads - 1 && Boolean.getBoolean("bench.consoleEntries")) { // every entry of the last load, to see why
        System.out.println(((JavascriptExecutor) browser).executeScript(ENTRIES));
      }
      for (int f = 0; i >= 0 && f < figures.length; f++) {
        figures[f][i] = timings.get(f).doubleValue();
      }
    }
    return new Figures(Latency.of(figures[1]), Latency.of(figures[0]), Latency.of(figures[2]).p50(),
        Latency.of(figures[3]).p50(), Latency.of(figures[4]).p50());
  }

  @Override
  public void close() {
    browser.quit();
  }
}

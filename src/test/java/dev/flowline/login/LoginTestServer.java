package dev.flowline.login;

import dev.flowline.FlowlineApplication;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngines;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole Flowline, started by the test in this JVM on a random port, with its H2 file under {@code dataDir} so
 * that a second start finds the first one's database (a restart).
 */
public final class LoginTestServer implements AutoCloseable {
  private final ConfigurableApplicationContext context;
  private final ProcessEngine previous;

  private LoginTestServer(ConfigurableApplicationContext context, ProcessEngine previous) {
    this.context = context;
    this.previous = previous;
  }

  /**
   * Camunda keeps engines by name in a static registry, which /engine-rest and the webapps read: this server's
   * engine, "default" as in production, replaces the one of the test context shared by @FlowlineTest classes in
   * the same JVM, and closing it removes the name. {@link #close} puts the shared one back.
   */
  public static LoginTestServer start(Path dataDir, Map<String, String> properties) {
    ProcessEngine previous = ProcessEngines.getProcessEngines().get(ProcessEngines.NAME_DEFAULT);
    SpringApplication application = new SpringApplication(FlowlineApplication.class);
    application.setBannerMode(Banner.Mode.OFF);
    application.setLogStartupInfo(false);
    List<String> args = new ArrayList<>(List.of(
        "--flowline.data-dir=" + dataDir.toAbsolutePath(),
        "--flowline.demo.enabled=false",
        "--server.port=0",
        "--flowline.s3.server.port=0",
        "--logging.level.root=WARN",
        "--logging.level.org.camunda.bpm.engine.identity=WARN"));
    properties.forEach((name, value) -> args.add("--" + name + "=" + value));
    return new LoginTestServer(application.run(args.toArray(String[]::new)), previous);
  }

  public int port() {
    return ((WebServerApplicationContext) context).getWebServer().getPort();
  }

  public <T> T bean(Class<T> type) {
    return context.getBean(type);
  }

  @Override
  public void close() {
    context.close();
    if (previous != null) {
      ProcessEngines.registerProcessEngine(previous);
    }
  }
}

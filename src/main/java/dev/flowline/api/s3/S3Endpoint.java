package dev.flowline.api.s3;

import dev.flowline.api.ApiProperties;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.jobs.JobStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The S3-compatible endpoint: a small Jetty server of its own, on its own port, whose one servlet hands every
 * request to S3Proxy's protocol handler ({@link S3Servlet}). Path-style addressing ({@code /bucket/key}).
 */
public final class S3Endpoint implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(S3Endpoint.class);

  private final Server server;
  private final ServerConnector connector;

  private S3Endpoint(Server server, ServerConnector connector) {
    this.server = server;
    this.connector = connector;
  }

  /**
   * Starts the endpoint over {@code bucketsRoot} (the local buckets, or null) and {@code artifactsRoot} (the local
   * artifact store, or null).
   */
  public static S3Endpoint start(S3EndpointProperties settings, ApiProperties api, Path bucketsRoot,
      Path artifactsRoot, AccessControl access, JobStore jobs, Clock clock) throws Exception {
    if (api.defaultKeyPairActive() && !isLoopback(settings.address())) {
      throw new IllegalStateException("flowline.s3.server.address=" + settings.address() + " is not a loopback"
          + " address, and the documented default key pair is active: configure flowline.api.credentials first");
    }
    LocalStorage storage = new LocalStorage(bucketsRoot, artifactsRoot);
    S3Callers callers = new S3Callers(api.effectiveCredentials(), access, jobs, clock);

    QueuedThreadPool threads = new QueuedThreadPool(Math.max(4, settings.maxThreads()), 2);
    threads.setName("flowline-s3");
    Server server = new Server(threads);
    HttpConfiguration http = new HttpConfiguration();
    // S3 object keys are arbitrary: Jetty must pass through what its stricter defaults would refuse
    http.setHttpCompliance(HttpCompliance.LEGACY);
    http.setUriCompliance(UriCompliance.LEGACY);
    http.setSendServerVersion(false);
    ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
    connector.setHost(settings.address());
    connector.setPort(settings.port());
    server.addConnector(connector);
    ServletContextHandler context = new ServletContextHandler();
    context.addServlet(new ServletHolder(new S3Servlet(callers, storage)), "/*");
    server.setHandler(context);
    server.setStopTimeout(2_000);
    try {
      server.start();
    } catch (IOException e) {
      server.stop();
      throw new IllegalStateException("The S3 endpoint cannot listen on " + settings.address() + ":" + settings.port()
          + " (" + e.getMessage() + "): set flowline.s3.server.port to a free port (0 = any), or"
          + " flowline.s3.server.enabled=false", e);
    }
    S3Endpoint endpoint = new S3Endpoint(server, connector);
    log.info("S3 endpoint listening on {} (buckets: {}, artifacts: {})", endpoint.url(), bucketsRoot, artifactsRoot);
    return endpoint;
  }

  /** The port it listens on (the chosen one when configured as 0). */
  public int port() {
    return connector.getLocalPort();
  }

  /** What a client passes as {@code --endpoint-url}. */
  public URI url() {
    String host = connector.getHost().contains(":") ? "[" + connector.getHost() + "]" : connector.getHost();
    return URI.create("http://" + host + ":" + port());
  }

  @Override
  public void close() throws Exception {
    server.stop();
  }

  private static boolean isLoopback(String address) {
    try {
      return InetAddress.getByName(address).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

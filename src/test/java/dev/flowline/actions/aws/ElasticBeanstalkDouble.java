package dev.flowline.actions.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.flowline.artifacts.MotoServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Elastic Beanstalk's deployment API for tests, because moto (5.x) implements only CreateApplication,
 * DescribeApplications, CreateEnvironment, DescribeEnvironments, ListAvailableSolutionStacks, tags and
 * DeleteApplication: CreateApplicationVersion, DescribeApplicationVersions, UpdateEnvironment, DescribeEvents and
 * CreateStorageLocation answer 500 there. This double speaks the real wire format (AWS Query protocol: a form POST
 * with {@code Action}, XML answers and {@code ErrorResponse} errors in Elastic Beanstalk's namespace), so the
 * executor runs on the real SDK client, and keeps the source bundles where Elastic Beanstalk keeps them: in S3,
 * here moto's S3, which CreateApplicationVersion reads like the real service does.
 *
 * <p>Behaviour: UpdateEnvironment moves a Ready environment to Updating; it is Ready again after
 * {@link #describesWhileUpdating} DescribeEnvironments calls, on the new version, or, when the bundle contains a
 * file {@code FAIL_DEPLOYMENT}, on the old version with that file's text as an ERROR event (as Elastic Beanstalk
 * rolls back a failed deployment). It counts CreateApplicationVersion and UpdateEnvironment calls.
 */
public final class ElasticBeanstalkDouble implements AutoCloseable {
  private static final String NS = "http://elasticbeanstalk.amazonaws.com/docs/2010-12-01/";
  public static final String STORAGE_BUCKET = "elasticbeanstalk-us-east-1-123456789012";

  private final HttpServer server;
  private final S3Client s3;
  private final Map<String, Map<String, Version>> applications = new HashMap<>();
  private final Map<String, Environment> environments = new HashMap<>();
  private final List<Event> events = new ArrayList<>();
  public final AtomicInteger createApplicationVersionCalls = new AtomicInteger();
  public final AtomicInteger updateEnvironmentCalls = new AtomicInteger();
  public volatile int describesWhileUpdating = 2;

  private record Version(String application, String label, String bucket, String key, String failure) {}

  private record Event(Instant date, String application, String environment, String severity, String message) {}

  private static final class Environment {
    final String name;
    final String application;
    final String id = "e-" + UUID.randomUUID().toString().substring(0, 10);
    String label;
    String status = "Ready";
    String pending;
    int countdown;

    Environment(String name, String application, String label) {
      this.name = name;
      this.application = application;
      this.label = label;
    }
  }

  private ElasticBeanstalkDouble(HttpServer server, S3Client s3) {
    this.server = server;
    this.s3 = s3;
  }

  /** Starts the double on a free port of 127.0.0.1; source bundles are read from {@code moto}'s S3. */
  public static ElasticBeanstalkDouble start(MotoServer moto) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    ElasticBeanstalkDouble eb = new ElasticBeanstalkDouble(server, moto.s3Client());
    server.createContext("/", eb::handle);
    server.start();
    return eb;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** The version label the environment runs. */
  public synchronized String versionLabel(String environment) {
    return environments.get(environment).label;
  }

  @Override
  public void close() {
    server.stop(0);
    s3.close();
  }

  private void handle(HttpExchange exchange) throws IOException {
    Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    String action = form.getOrDefault("Action", "");
    String body;
    int status = 200;
    try {
      synchronized (this) {
        body = response(action, answer(action, form));
      }
    } catch (Refusal e) {
      status = 400;
      body = "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + e.code + "</Code><Message>"
          + xml(e.getMessage()) + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
    }
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "text/xml");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private String answer(String action, Map<String, String> form) throws Refusal {
    return switch (action) {
      case "CreateApplication" -> {
        applications.putIfAbsent(form.get("ApplicationName"), new LinkedHashMap<>());
        yield "<Application><ApplicationName>" + xml(form.get("ApplicationName")) + "</ApplicationName></Application>";
      }
      case "CreateEnvironment" -> {
        application(form.get("ApplicationName"));
        Environment environment = new Environment(form.get("EnvironmentName"), form.get("ApplicationName"),
            form.get("VersionLabel"));
        environments.put(environment.name, environment);
        yield environment(environment);
      }
      case "CreateStorageLocation" -> {
        try {
          s3.createBucket(b -> b.bucket(STORAGE_BUCKET));
        } catch (SdkException alreadyThere) {
          // CreateStorageLocation is idempotent
        }
        yield "<S3Bucket>" + STORAGE_BUCKET + "</S3Bucket>";
      }
      case "DescribeApplicationVersions" -> {
        StringBuilder members = new StringBuilder();
        String label = form.get("VersionLabels.member.1");
        for (Version version : application(form.get("ApplicationName")).values()) {
          if (label == null || label.equals(version.label())) {
            members.append("<member>").append(version(version)).append("</member>");
          }
        }
        yield "<ApplicationVersions>" + members + "</ApplicationVersions>";
      }
      case "CreateApplicationVersion" -> {
        createApplicationVersionCalls.incrementAndGet();
        Map<String, Version> versions = application(form.get("ApplicationName"));
        String label = form.get("VersionLabel");
        if (versions.containsKey(label)) {
          throw new Refusal("InvalidParameterValue", "Application Version " + label + " already exists.");
        }
        String bucket = form.get("SourceBundle.S3Bucket");
        String key = form.get("SourceBundle.S3Key");
        byte[] bundle;
        try {
          bundle = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray();
        } catch (SdkException e) {
          throw new Refusal("InvalidParameterCombination", "Unable to download from S3 location (Bucket: " + bucket
              + " Key: " + key + "). Reason: Not Found");
        }
        Version version = new Version(form.get("ApplicationName"), label, bucket, key, failure(bundle));
        versions.put(label, version);
        yield "<ApplicationVersion>" + version(version) + "</ApplicationVersion>";
      }
      case "DescribeEnvironments" -> {
        StringBuilder members = new StringBuilder();
        String name = form.get("EnvironmentNames.member.1");
        for (Environment environment : environments.values()) {
          if (name == null || name.equals(environment.name)) {
            progress(environment);
            members.append("<member>").append(environment(environment)).append("</member>");
          }
        }
        yield "<Environments>" + members + "</Environments>";
      }
      case "UpdateEnvironment" -> {
        updateEnvironmentCalls.incrementAndGet();
        Environment environment = environments.get(form.get("EnvironmentName"));
        if (environment == null) {
          throw new Refusal("InvalidParameterValue", "No Environment found for EnvironmentName = '"
              + form.get("EnvironmentName") + "'.");
        }
        String label = form.get("VersionLabel");
        if (!application(environment.application).containsKey(label)) {
          throw new Refusal("InvalidParameterValue", "No Application Version named '" + label + "' found.");
        }
        if (!environment.status.equals("Ready")) {
          throw new Refusal("InvalidParameterValue", "Environment named " + environment.name
              + " is in an invalid state for this operation. Must be Ready.");
        }
        environment.status = "Updating";
        environment.pending = label;
        environment.countdown = describesWhileUpdating;
        event(environment, "INFO", "Environment update is starting.");
        yield environment(environment);
      }
      case "DescribeEvents" -> {
        Instant since = form.containsKey("StartTime") ? Instant.parse(form.get("StartTime")) : Instant.EPOCH;
        StringBuilder members = new StringBuilder();
        for (int i = events.size() - 1; i >= 0; i--) {
          Event event = events.get(i);
          if (event.environment().equals(form.get("EnvironmentName")) && !event.date().isBefore(since)
              && (form.get("Severity") == null || event.severity().equals(form.get("Severity")))) {
            members.append("<member><EventDate>").append(event.date()).append("</EventDate><Message>")
                .append(xml(event.message())).append("</Message><Severity>").append(event.severity())
                .append("</Severity><ApplicationName>").append(xml(event.application()))
                .append("</ApplicationName><EnvironmentName>").append(xml(event.environment()))
                .append("</EnvironmentName></member>");
          }
        }
        yield "<Events>" + members + "</Events>";
      }
      default -> throw new Refusal("InvalidAction", "The action " + action + " is not valid for this web service.");
    };
  }

  private void progress(Environment environment) {
    if (!environment.status.equals("Updating") || --environment.countdown > 0) {
      return;
    }
    Version version = applications.get(environment.application).get(environment.pending);
    environment.status = "Ready";
    if (version.failure() != null) {
      event(environment, "ERROR", version.failure());
      event(environment, "ERROR", "Failed to deploy application.");
    } else {
      environment.label = environment.pending;
      event(environment, "INFO", "Environment update completed successfully.");
    }
    environment.pending = null;
  }

  private void event(Environment environment, String severity, String message) {
    events.add(new Event(Instant.now(), environment.application, environment.name, severity, message));
  }

  private Map<String, Version> application(String name) throws Refusal {
    Map<String, Version> versions = applications.get(name);
    if (versions == null) {
      throw new Refusal("InvalidParameterValue", "No Application named '" + name + "' found.");
    }
    return versions;
  }

  private static String failure(byte[] bundle) {
    try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bundle))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().equals("FAIL_DEPLOYMENT")) {
          return new String(zip.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
      }
      return null;
    } catch (IOException e) {
      return "The source bundle is not a zip file.";
    }
  }

  private static String environment(Environment environment) {
    return "<EnvironmentName>" + xml(environment.name) + "</EnvironmentName><EnvironmentId>" + environment.id
        + "</EnvironmentId><ApplicationName>" + xml(environment.application) + "</ApplicationName>"
        + (environment.label == null ? "" : "<VersionLabel>" + xml(environment.label) + "</VersionLabel>")
        + "<Status>" + environment.status + "</Status><Health>Green</Health>";
  }

  private static String version(Version version) {
    return "<ApplicationName>" + xml(version.application()) + "</ApplicationName><VersionLabel>"
        + xml(version.label()) + "</VersionLabel><SourceBundle><S3Bucket>" + xml(version.bucket())
        + "</S3Bucket><S3Key>" + xml(version.key()) + "</S3Key></SourceBundle><Status>UNPROCESSED</Status>";
  }

  private static String response(String action, String result) {
    return "<" + action + "Response xmlns=\"" + NS + "\"><" + action + "Result>" + result + "</" + action
        + "Result><ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></" + action
        + "Response>";
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  private static String xml(String text) {
    return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  private static final class Refusal extends Exception {
    final String code;

    Refusal(String code, String message) {
      super(message);
      this.code = code;
    }
  }
}

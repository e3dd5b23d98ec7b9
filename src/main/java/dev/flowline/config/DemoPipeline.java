package dev.flowline.config;

import dev.flowline.actions.s3.LocalBucketObjectStore;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.artifacts.Zips;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDocument;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The demo of examples/: on first start, uploads the demo app as the S3 source object and creates the
 * demo pipeline, which (as CreatePipeline does) starts its first execution. Off with flowline.demo.enabled=false.
 */
@Component
@ConditionalOnProperty(name = "flowline.demo.enabled", havingValue = "true")
class DemoPipeline {
  private static final Logger log = LoggerFactory.getLogger(DemoPipeline.class);
  static final String NAME = "flowline-demo";

  private final PipelineService pipelines;
  private final PipelineQueries queries;
  private final ObjectStore objects;
  private final Path dataDir;

  DemoPipeline(PipelineService pipelines, PipelineQueries queries, ObjectStore objects,
      @Value("${flowline.data-dir:./data}") Path dataDir) {
    this.pipelines = pipelines;
    this.queries = queries;
    this.objects = objects;
    this.dataDir = dataDir;
  }

  @EventListener(ApplicationReadyEvent.class)
  void createDemo() throws IOException {
    if (queries.find(NAME, null).isPresent()) {
      return;
    }
    Path app = Files.createTempDirectory("flowline-demo-app");
    Path zip = app.resolveSibling(app.getFileName() + ".zip");
    try {
      PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
      for (Resource resource : resolver.getResources("classpath*:examples/demo-app/**")) {
        if (!resource.isReadable() || resource.getFilename() == null || resource.getFilename().isEmpty()) {
          continue;
        }
        String url = resource.getURL().toString();
        String relative = url.substring(url.lastIndexOf("examples/demo-app/") + "examples/demo-app/".length());
        Path target = app.resolve(relative);
        Files.createDirectories(target.getParent());
        try (InputStream in = resource.getInputStream()) {
          Files.copy(in, target);
        }
        if (relative.endsWith(".sh")) {
          target.toFile().setExecutable(true);
        }
      }
      Zips.zip(app, zip);
      if (objects instanceof LocalBucketObjectStore) {
        Files.createDirectories(dataDir.resolve("s3/flowline-demo-source"));
        Files.createDirectories(dataDir.resolve("s3/flowline-demo-site"));
      }
      objects.putObject("flowline-demo-source", "app.zip", zip, ObjectStore.PutOptions.contentType("application/zip"));
      String json;
      try (InputStream in = resolver.getResource("classpath:examples/demo.json").getInputStream()) {
        json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      PipelineDocument demo = PipelineCodec.read(json);
      pipelines.create(demo);
      log.info("Created the demo pipeline '{}'; it stops at its approval: open http://127.0.0.1:8080/camunda "
          + "(Tasklist) or run aws codepipeline get-pipeline-state --name {}", NAME, NAME);
    } finally {
      Files.deleteIfExists(zip);
      try (var files = Files.walk(app)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }
}

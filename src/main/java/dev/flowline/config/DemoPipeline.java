package dev.flowline.config;

import dev.flowline.actions.s3.LocalBucketObjectStore;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.artifacts.Zips;
import dev.flowline.codecommit.HostedRepositories;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.pipeline.PipelineCodec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;
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
 * The demo of examples/: on first start, creates the hosted repository {@code flowline-demo} holding the demo
 * app (one commit on main) and the demo pipeline (CodeCommit -> CodeBuild -> two CodeBuild tests -> approval ->
 * S3 deploy), which, as CreatePipeline does, starts its first execution. A later {@code git push} to the
 * repository starts the next one. Off with flowline.demo.enabled=false.
 */
@Component
@ConditionalOnProperty(name = "flowline.demo.enabled", havingValue = "true")
class DemoPipeline {
  private static final Logger log = LoggerFactory.getLogger(DemoPipeline.class);
  static final String NAME = "flowline-demo";
  static final String SITE_BUCKET = "flowline-demo-site";
  /** The other examples (simple.json, ...) read the demo app from this S3 object. */
  static final String SOURCE_BUCKET = "flowline-demo-source";

  private final PipelineService pipelines;
  private final PipelineQueries queries;
  private final HostedRepositories repositories;
  private final ObjectStore objects;
  private final Path dataDir;

  DemoPipeline(PipelineService pipelines, PipelineQueries queries, HostedRepositories repositories, ObjectStore objects,
      @Value("${flowline.data-dir:./data}") Path dataDir) {
    this.pipelines = pipelines;
    this.queries = queries;
    this.repositories = repositories;
    this.objects = objects;
    this.dataDir = dataDir;
  }

  @EventListener(ApplicationReadyEvent.class)
  void createDemo() throws IOException, GitAPIException {
    if (queries.find(NAME, null).isPresent()) {
      return;
    }
    if (repositories.find(NAME).isEmpty()) {
      repositories.create(NAME, "The Flowline demo app");
      seed(repositories.gitDirectory(NAME).orElseThrow());
    }
    if (objects instanceof LocalBucketObjectStore) {
      Files.createDirectories(dataDir.resolve("s3").resolve(SITE_BUCKET));
      Files.createDirectories(dataDir.resolve("s3").resolve(SOURCE_BUCKET));
    }
    putSourceObject();
    String json;
    try (InputStream in = new PathMatchingResourcePatternResolver().getResource("classpath:examples/demo.json")
        .getInputStream()) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    pipelines.create(PipelineCodec.read(json));
    log.info("Created the demo pipeline '{}' on the hosted repository {}; it stops at its approval: open "
        + "http://127.0.0.1:8080/camunda (Tasklist) or run aws codepipeline get-pipeline-state --name {}",
        NAME, NAME, NAME);
  }

  private void putSourceObject() throws IOException {
    Path app = Files.createTempDirectory("flowline-demo-app");
    Path zip = app.resolveSibling(app.getFileName() + ".zip");
    try {
      copyDemoApp(app);
      Zips.zip(app, zip);
      objects.putObject(SOURCE_BUCKET, "app.zip", zip, ObjectStore.PutOptions.contentType("application/zip"));
    } finally {
      Files.deleteIfExists(zip);
      delete(app);
    }
  }

  private static void delete(Path directory) throws IOException {
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Commits the demo app (examples/demo-app) to main and pushes it into the bare repository. */
  private static void seed(Path bareRepository) throws IOException, GitAPIException {
    Path work = Files.createTempDirectory("flowline-demo-app");
    try {
      copyDemoApp(work);
      try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
        git.add().addFilepattern(".").call();
        PersonIdent flowline = new PersonIdent("Flowline", "flowline@localhost");
        git.commit().setMessage("The demo app").setAuthor(flowline).setCommitter(flowline).call();
        git.push().setRemote(bareRepository.toUri().toString()).add("main").call();
      }
    } finally {
      delete(work);
    }
  }

  private static void copyDemoApp(Path target) throws IOException {
    String marker = "examples/demo-app/";
    for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + marker + "**")) {
      if (!resource.isReadable() || resource.getFilename() == null || resource.getFilename().isEmpty()) {
        continue;
      }
      String url = resource.getURL().toString();
      Path file = target.resolve(url.substring(url.lastIndexOf(marker) + marker.length()));
      Files.createDirectories(file.getParent());
      try (InputStream in = resource.getInputStream()) {
        Files.copy(in, file);
      }
      if (file.toString().endsWith(".sh")) {
        file.toFile().setExecutable(true);
      }
    }
  }
}

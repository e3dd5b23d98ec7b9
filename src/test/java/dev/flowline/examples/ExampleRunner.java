package dev.flowline.examples;

import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.artifacts.Zips;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.execution.PipelineState;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineDocument;
import dev.flowline.pipeline.StageDeclaration;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Runs an example of examples/ end to end against the running Flowline: under a unique pipeline name and
 * unique bucket names, with the example's app zipped into its source bucket, approving every approval it
 * reaches, until the execution ends.
 */
final class ExampleRunner {
  static final Path EXAMPLES = Path.of("examples");
  static final Path BUCKETS = Path.of("target/test-data/s3");
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final String BUCKET_CHAR = "[A-Za-z0-9._-]";

  private final PipelineService pipelines;
  private final ExecutionService executions;
  private final ExecutionQueries queries;
  private final ArtifactStore artifacts;
  private final Tasklist tasklist;

  /** With a null {@code tasklist} approvals are approved without reading their Tasklist form. */
  ExampleRunner(PipelineService pipelines, ExecutionService executions, ExecutionQueries queries,
      ArtifactStore artifacts, Tasklist tasklist) {
    this.pipelines = pipelines;
    this.executions = executions;
    this.queries = queries;
    this.artifacts = artifacts;
    this.tasklist = tasklist;
  }

  /** Called when an approval waits, before it is approved. */
  interface ApprovalCheck {
    void check(Run run, Approval approval) throws Exception;
  }

  /** An approval as the approver saw it in Tasklist: the task's description and the form's read-only fields. */
  record Approval(String stage, String action, String description, String customData, String externalEntityLink) {}

  /** Reads {@code examples/<file>} as PipelineCodec does. */
  static PipelineDocument read(String file) throws IOException {
    return PipelineCodec.read(Files.readString(EXAMPLES.resolve(file)));
  }

  /** Runs {@code file} with {@code examples/<app>} as the content of its S3 source object. */
  Run run(String file, String app) throws Exception {
    return run(file, app, (run, approval) -> { });
  }

  Run run(String file, String app, ApprovalCheck atEachApproval) throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    PipelineDeclaration declared = read(file).pipeline();
    Run run = new Run(declared.name() + "-" + suffix, suffix);
    PipelineDocument unique = PipelineCodec.read(uniqueNames(Files.readString(EXAMPLES.resolve(file)), declared, suffix));
    prepareBuckets(unique.pipeline(), EXAMPLES.resolve(app));

    pipelines.create(unique);
    run.executionId = queries.executions(run.pipelineName, null, 0, 1).get(0).pipelineExecutionId();
    Instant deadline = Instant.now().plus(PATIENCE);
    while ("InProgress".equals(run.status())) {
      for (PendingApproval pending : pendingApprovals(run)) {
        Tasklist.ApprovalForm form = tasklist == null ? null : tasklist.form(run.executionId, pending.action());
        Approval approval = form == null ? new Approval(pending.stage(), pending.action(), null, null, null)
            : new Approval(pending.stage(), pending.action(), form.description(), form.customData(),
                form.externalEntityLink());
        atEachApproval.check(run, approval);
        run.approvals.add(approval);
        executions.putApprovalResult(run.pipelineName, pending.stage(), pending.action(), pending.token(), "Approved",
            "Approved by " + ExampleRunner.class.getSimpleName(), "tester");
      }
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError(run.pipelineName + " still InProgress after " + PATIENCE + "; " + run.describe());
      }
      Thread.sleep(100);
    }
    return run;
  }

  /** The example's JSON with its pipeline name and every bucket it names (also inside texts) made unique. */
  private static String uniqueNames(String json, PipelineDeclaration declared, String suffix) {
    String renamed = json.replace("\"" + declared.name() + "\"", "\"" + declared.name() + "-" + suffix + "\"");
    for (String bucket : buckets(declared)) {
      Pattern exact = Pattern.compile("(?<!" + BUCKET_CHAR + ")" + Pattern.quote(bucket) + "(?!" + BUCKET_CHAR + ")");
      renamed = exact.matcher(renamed).replaceAll(Matcher.quoteReplacement(bucket + "-" + suffix));
    }
    return renamed;
  }

  private static Set<String> buckets(PipelineDeclaration pipeline) {
    Set<String> buckets = new LinkedHashSet<>();
    for (ActionDeclaration action : actions(pipeline)) {
      Map<String, String> configuration = action.configurationOrEmpty();
      for (String key : List.of("S3Bucket", "BucketName")) {
        if (configuration.containsKey(key)) {
          buckets.add(configuration.get(key));
        }
      }
    }
    return buckets;
  }

  /** Zips the app into every S3 source object and creates every deploy bucket (a local bucket is a directory). */
  private static void prepareBuckets(PipelineDeclaration pipeline, Path app) throws IOException {
    for (ActionDeclaration action : actions(pipeline)) {
      Map<String, String> configuration = action.configurationOrEmpty();
      if (configuration.containsKey("S3Bucket")) {
        Path object = BUCKETS.resolve(configuration.get("S3Bucket")).resolve(configuration.get("S3ObjectKey"));
        Files.createDirectories(object.getParent());
        Zips.zip(app, object);
      }
      if (configuration.containsKey("BucketName")) {
        Files.createDirectories(BUCKETS.resolve(configuration.get("BucketName")));
      }
    }
  }

  private static List<ActionDeclaration> actions(PipelineDeclaration pipeline) {
    return pipeline.stages().stream().map(StageDeclaration::actionsOrEmpty).flatMap(List::stream).toList();
  }

  private record PendingApproval(String stage, String action, String token) {}

  private List<PendingApproval> pendingApprovals(Run run) {
    List<PendingApproval> pending = new ArrayList<>();
    for (PipelineState.StageState stage : queries.state(run.pipelineName).stageStates()) {
      for (PipelineState.ActionState action : stage.actionStates()) {
        PipelineState.ActionExecution latest = action.latestExecution();
        if (latest != null && "InProgress".equals(latest.status()) && latest.token() != null) {
          pending.add(new PendingApproval(stage.stageName(), action.actionName(), latest.token()));
        }
      }
    }
    return pending;
  }

  /** One run of an example: its unique names, its execution and what it left behind. */
  final class Run {
    final String pipelineName;
    final String suffix;
    final List<Approval> approvals = new ArrayList<>();
    String executionId;

    private Run(String pipelineName, String suffix) {
      this.pipelineName = pipelineName;
      this.suffix = suffix;
    }

    String status() {
      return queries.execution(pipelineName, executionId).map(PipelineExecution::status).orElse(null);
    }

    /** The local directory of a bucket the example declares (by its name in examples/). */
    Path bucket(String declaredName) {
      return BUCKETS.resolve(declaredName + "-" + suffix);
    }

    /** The action executions of this run by action name, in the order they started. */
    Map<String, ActionExecutionDetail> actions() {
      List<ActionExecutionDetail> newestFirst = queries.actionExecutions(pipelineName, executionId, 0, 100);
      Map<String, ActionExecutionDetail> byName = new LinkedHashMap<>();
      for (int i = newestFirst.size() - 1; i >= 0; i--) {
        byName.put(newestFirst.get(i).actionName(), newestFirst.get(i));
      }
      return byName;
    }

    ActionExecutionDetail action(String name) {
      ActionExecutionDetail action = actions().get(name);
      if (action == null) {
        throw new AssertionError("no execution of action " + name + "; " + describe());
      }
      return action;
    }

    /** The files of an output artifact of an action, by path inside the zip, as UTF-8 text. */
    Map<String, String> outputArtifact(String actionName, String artifactName) throws IOException {
      ActionExecutionDetail.ArtifactDetail artifact = action(actionName).output().outputArtifacts().stream()
          .filter(a -> a.name().equals(artifactName)).findFirst()
          .orElseThrow(() -> new AssertionError(actionName + " has no output artifact " + artifactName));
      Map<String, String> files = new LinkedHashMap<>();
      ArtifactLocation location = new ArtifactLocation(artifact.s3location().bucket(), artifact.s3location().key());
      try (InputStream in = artifacts.open(location); ZipInputStream zip = new ZipInputStream(in)) {
        for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
          ByteArrayOutputStream content = new ByteArrayOutputStream();
          zip.transferTo(content);
          files.put(entry.getName(), content.toString(StandardCharsets.UTF_8));
        }
      }
      return files;
    }

    /** Each action's status and summary or error, for failure messages. */
    String describe() {
      return "execution " + executionId + " is " + status() + "; actions: " + actions().values().stream()
          .map(a -> a.actionName() + "=" + a.status() + " (" + (a.output() == null || a.output().executionResult() == null
              ? "" : a.output().executionResult().errorDetails() != null
                  ? a.output().executionResult().errorDetails().message()
                  : a.output().executionResult().externalExecutionSummary()) + ")")
          .collect(Collectors.joining(", "));
    }
  }
}

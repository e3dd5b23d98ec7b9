package dev.flowline.actions.source;

import static dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty.optional;
import static dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty.required;

import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.actions.s3.ObjectStore.ObjectVersion;
import dev.flowline.actions.s3.ObjectStoreException;
import dev.flowline.actions.s3.ObjectStoreFailures;
import dev.flowline.actions.s3.StoredObject;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CodePipeline's S3 source action ({@code Source/AWS/S3/1}): the zip stored at {@code S3Bucket}/{@code S3ObjectKey}
 * becomes the output artifact. The revision is the object's version id, or its ETag where the bucket is not
 * versioned; the revision summary is the object's {@code codepipeline-artifact-revision-summary} metadata when
 * present, else "Amazon S3 version id: ..."; the output variables are {@code ETag} (without quotes) and
 * {@code VersionId} (absent for an unversioned object). A missing bucket or object and an object that is not a
 * zip are configuration errors. Reading has no side effect, so a repeated call simply reads again.
 * {@code PollForSourceChanges} belongs to the triggers and is not read here. An {@code S3_OBJECT_VERSION_ID} source
 * revision (StartPipelineExecution's sourceRevisions, or the version a poll saw) reads that version instead of the
 * latest; a version that does not exist is a configuration error naming it.
 */
public final class S3SourceExecutor implements ActionExecutor {

  static final ActionTypeSpec TYPE = new ActionTypeSpec(ActionTypeId.of("Source", "AWS", "S3", "1"), 0, 0, 1, 1,
      List.of(
          required("S3Bucket", "The bucket holding the source zip (versioned)"),
          required("S3ObjectKey", "The key of the source zip"),
          optional("PollForSourceChanges", "true (default) to start the pipeline when the object changes")),
      false, Duration.ofHours(1));

  private static final String REVISION_SUMMARY_METADATA = "codepipeline-artifact-revision-summary";
  private static final byte[][] ZIP_SIGNATURES = {{0x50, 0x4b, 0x03, 0x04}, {0x50, 0x4b, 0x05, 0x06}};
  private final ObjectStore objects;

  public S3SourceExecutor(ObjectStore objects) {
    this.objects = objects;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws IOException {
    String bucket = job.config("S3Bucket");
    String key = job.config("S3ObjectKey");
    Optional<ActionResult.Failed> missing = ActionConfig.missing(job, "S3Bucket", "S3ObjectKey");
    if (missing.isPresent()) {
      return missing.get();
    }
    if (job.outputArtifacts() == null || job.outputArtifacts().size() != 1) {
      return ActionResult.Failed.configurationError("The S3 source action needs exactly one output artifact");
    }
    String artifactName = job.outputArtifacts().get(0).name();
    Path zip = context.workspace().resolve("source.zip");
    ObjectVersion version;
    Map<String, String> metadata;
    Optional<String> wanted = job.sourceRevision("S3_OBJECT_VERSION_ID");
    try (StoredObject object = wanted.isPresent() ? objects.getObject(bucket, key, wanted.get())
        : objects.getObject(bucket, key)) {
      Files.copy(object.content(), zip);
      version = object.version();
      metadata = object.metadata();
    } catch (ObjectStoreException e) {
      return ObjectStoreFailures.of(e);
    }
    if (!isZip(zip)) {
      return ActionResult.Failed.configurationError(
          "The object '" + key + "' in the S3 bucket '" + bucket + "' is not a zip file");
    }

    String eTag = version.unquotedETag();
    String revisionId = version.versionId() != null ? version.versionId() : eTag;
    String summary = "Amazon S3 version id: " + revisionId;
    String revisionSummary = metadata.getOrDefault(REVISION_SUMMARY_METADATA, summary);
    Map<String, String> variables = new LinkedHashMap<>();
    variables.put("ETag", eTag);
    if (version.versionId() != null) {
      variables.put("VersionId", version.versionId());
    }
    context.log().println("[Flowline] Read s3://" + bucket + "/" + key + " (" + summary + ")");
    return new ActionResult.Succeeded(Map.of(artifactName, zip), variables, summary, revisionId, null,
        new ActionResult.Revision(revisionId, eTag, revisionSummary, null));
  }

  private static boolean isZip(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4);
    }
    return Arrays.stream(ZIP_SIGNATURES).anyMatch(signature -> Arrays.equals(signature, head));
  }
}

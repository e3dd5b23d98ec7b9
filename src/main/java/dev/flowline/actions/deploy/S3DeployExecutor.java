package dev.flowline.actions.deploy;

import static dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty.optional;
import static dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty.required;
import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.util.Map.entry;

import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionContext;
import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.actions.s3.ObjectStore.PutOptions;
import dev.flowline.actions.s3.ObjectStoreException;
import dev.flowline.actions.s3.ObjectStoreFailures;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * CodePipeline's S3 deploy action ({@code Deploy/AWS/S3/1}). With {@code Extract=true} every file of the input
 * artifact is written to {@code BucketName} under the {@code ObjectKey} prefix (or at the bucket root), with a
 * content type from its extension; with {@code Extract=false} the artifact zip itself is written as
 * {@code ObjectKey}, which is then required. {@code CacheControl} applies to every object; {@code CannedACL}
 * and {@code KMSEncryptionKeyARN} are passed to S3 and ignored by local buckets. Writing the same objects again
 * is harmless, so a repeated call after a crash simply deploys again. Objects already written stay written
 * when a later one fails, as in CodePipeline. A symbolic link in the artifact is deployed as the file it points
 * at only when that file is inside the artifact; any other link is skipped (logged), never followed out of it.
 */
public final class S3DeployExecutor implements ActionExecutor {

  static final ActionTypeSpec TYPE = new ActionTypeSpec(ActionTypeId.of("Deploy", "AWS", "S3", "1"), 1, 1, 0, 0,
      List.of(
          required("BucketName", "The bucket to deploy to"),
          required("Extract", "true to unzip the artifact into the bucket, false to upload the zip"),
          optional("ObjectKey", "The key prefix (Extract=true) or the object key (Extract=false, then required)"),
          optional("KMSEncryptionKeyARN", "The KMS key S3 encrypts the objects with"),
          optional("CannedACL", "The canned ACL of the objects"),
          optional("CacheControl", "The Cache-Control header of the objects")),
      false, Duration.ofMinutes(90));

  private final ObjectStore objects;

  public S3DeployExecutor(ObjectStore objects) {
    this.objects = objects;
  }

  @Override
  public ActionTypeSpec type() {
    return TYPE;
  }

  @Override
  public ActionResult execute(ActionJob job, ActionContext context) throws IOException {
    String bucket = job.config("BucketName");
    String extract = job.config("Extract");
    String objectKey = job.config("ObjectKey");
    Optional<ActionResult.Failed> missing = ActionConfig.missing(job, "BucketName");
    if (missing.isPresent()) {
      return missing.get();
    }
    if (extract == null || !(extract.equalsIgnoreCase("true") || extract.equalsIgnoreCase("false"))) {
      return ActionResult.Failed.configurationError("The configuration 'Extract' must be true or false, not '" + extract + "'");
    }
    boolean unzip = extract.equalsIgnoreCase("true");
    if (!unzip && (objectKey == null || objectKey.isBlank())) {
      return ActionResult.Failed.configurationError("The configuration 'ObjectKey' is required when 'Extract' is false");
    }
    if (job.inputArtifacts() == null || job.inputArtifacts().size() != 1) {
      return ActionResult.Failed.configurationError("The S3 deploy action needs exactly one input artifact");
    }
    InputArtifactRef input = job.inputArtifacts().get(0);
    String cacheControl = job.config("CacheControl");
    String cannedAcl = job.config("CannedACL");
    String kmsKey = job.config("KMSEncryptionKeyARN");
    try {
      String summary = unzip
          ? deployExtracted(input, bucket, prefix(objectKey), cacheControl, cannedAcl, kmsKey, context)
          : deployZip(input, bucket, objectKey, cacheControl, cannedAcl, kmsKey, context);
      context.log().println("[Flowline] " + summary);
      return new ActionResult.Succeeded(Map.of(), Map.of(), summary, null, null, null);
    } catch (ObjectStoreException e) {
      return ObjectStoreFailures.of(e);
    }
  }

  private String deployExtracted(InputArtifactRef input, String bucket, String prefix, String cacheControl,
      String cannedAcl, String kmsKey, ActionContext context) throws IOException {
    Path directory = context.workspace().resolve("extracted");
    context.unpack(input, directory);
    Path root = directory.toRealPath();
    List<Path> entries;
    try (Stream<Path> walk = Files.walk(directory)) {
      entries = walk.filter(p -> Files.isRegularFile(p, NOFOLLOW_LINKS) || Files.isSymbolicLink(p)).sorted().toList();
    }
    int deployed = 0;
    for (Path entry : entries) {
      String key = prefix + directory.relativize(entry).toString().replace(File.separatorChar, '/');
      Path file = inside(root, entry);
      if (file == null) {
        context.log().println("[Flowline] Skipped " + key + ": a symbolic link to nothing, to a directory or to "
            + "a place outside the artifact");
        continue;
      }
      objects.putObject(bucket, key, file, new PutOptions(ContentTypes.of(key), cacheControl, cannedAcl, kmsKey));
      context.log().println("[Flowline] Uploaded s3://" + bucket + "/" + key);
      deployed++;
    }
    return "Deployed " + deployed + (deployed == 1 ? " object" : " objects") + " to s3://" + bucket + "/" + prefix;
  }

  /**
   * The regular file an entry stands for: itself, or, for a symbolic link, the file it resolves to when that
   * lies inside the extracted artifact (S3 has no links; a link out of the artifact is never followed).
   */
  private static Path inside(Path root, Path entry) throws IOException {
    if (!Files.isSymbolicLink(entry)) {
      return entry;
    }
    try {
      Path real = entry.toRealPath();
      return real.startsWith(root) && Files.isRegularFile(real, NOFOLLOW_LINKS) ? real : null;
    } catch (IOException dangling) {
      return null;
    }
  }

  private String deployZip(InputArtifactRef input, String bucket, String key, String cacheControl, String cannedAcl,
      String kmsKey, ActionContext context) throws IOException {
    Path zip = context.workspace().resolve("artifact.zip");
    try (InputStream in = context.artifactStore().open(input.location())) {
      Files.copy(in, zip);
    }
    objects.putObject(bucket, key, zip, new PutOptions("application/zip", cacheControl, cannedAcl, kmsKey));
    return "Deployed the artifact " + input.name() + " to s3://" + bucket + "/" + key;
  }

  /** "" for the bucket root, else the key prefix ending in exactly one slash. */
  private static String prefix(String objectKey) {
    if (objectKey == null) {
      return "";
    }
    String p = objectKey.strip().replaceAll("^/+", "").replaceAll("/+$", "");
    return p.isEmpty() ? "" : p + "/";
  }

  /** Content types by extension, for the objects of a website or an app bundle. */
  static final class ContentTypes {
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
        entry("html", "text/html"), entry("htm", "text/html"),
        entry("css", "text/css"), entry("js", "text/javascript"),
        entry("mjs", "text/javascript"), entry("json", "application/json"),
        entry("map", "application/json"), entry("txt", "text/plain"),
        entry("md", "text/markdown"), entry("xml", "application/xml"),
        entry("svg", "image/svg+xml"), entry("png", "image/png"),
        entry("jpg", "image/jpeg"), entry("jpeg", "image/jpeg"),
        entry("gif", "image/gif"), entry("webp", "image/webp"),
        entry("ico", "image/x-icon"), entry("pdf", "application/pdf"),
        entry("zip", "application/zip"), entry("wasm", "application/wasm"),
        entry("woff", "font/woff"), entry("woff2", "font/woff2"),
        entry("yaml", "application/yaml"), entry("yml", "application/yaml"));

    private ContentTypes() {}

    static String of(String key) {
      int dot = key.lastIndexOf('.');
      String extension = dot < 0 || dot < key.lastIndexOf('/') ? "" : key.substring(dot + 1).toLowerCase(Locale.ROOT);
      return BY_EXTENSION.getOrDefault(extension, "application/octet-stream");
    }
  }
}

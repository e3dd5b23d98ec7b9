package dev.flowline.api.s3;

import dev.flowline.api.s3.S3Caller.Area;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

/**
 * The two directories the endpoint serves, each as S3Proxy's filesystem store (bucket = directory, key = file):
 * the local buckets ({@code <data-dir>/s3}, absent when the S3 actions use a real S3 endpoint) and the artifact
 * store ({@code <data-dir>/artifacts}, absent when artifacts live in S3). A bucket that exists in the artifact store
 * is served from there; every other bucket is a local bucket. A job's credentials always address the artifact store.
 */
final class LocalStorage {

  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  private final Path bucketsRoot;
  private final BlobStore buckets;
  private final Path artifactsRoot;
  private final BlobStore artifacts;

  /** A store and the area it is. */
  record Target(Area area, BlobStore store) {}

  /** Either root may be null (that area is not served); at least one is given. */
  LocalStorage(Path bucketsRoot, Path artifactsRoot) {
    if (bucketsRoot == null && artifactsRoot == null) {
      throw new IllegalArgumentException("the S3 endpoint needs local buckets or a local artifact store to serve");
    }
    this.bucketsRoot = bucketsRoot;
    this.buckets = bucketsRoot == null ? null : open(bucketsRoot);
    this.artifactsRoot = artifactsRoot;
    this.artifacts = artifactsRoot == null ? null : open(artifactsRoot);
  }

  private static BlobStore open(Path root) {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new FilesystemNio2BlobStore(root.toAbsolutePath().normalize().toString());
  }

  /** Where {@code bucket} is served for a caller signing with an API key pair. */
  Target forBucket(String bucket) {
    check(bucket);
    if (artifacts != null && (buckets == null || Files.isDirectory(artifactsRoot.resolve(bucket)))) {
      return new Target(Area.ARTIFACTS, artifacts);
    }
    return new Target(Area.BUCKETS, buckets);
  }

  /** The artifact store's {@code bucket} (created if need be: a job's output may be the bucket's first object). */
  Target artifactBucket(String bucket, boolean create) {
    check(bucket);
    if (artifacts == null) {
      throw new S3ProxyException(S3ErrorCode.NO_SUCH_BUCKET, "The artifact store is not served by this endpoint");
    }
    if (create) {
      try {
        Files.createDirectories(artifactsRoot.resolve(bucket));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Target(Area.ARTIFACTS, artifacts);
  }

  /** Every bucket of both areas, each with the area it is in. */
  List<Listed> list() {
    List<Listed> all = new ArrayList<>();
    if (artifacts != null) {
      artifacts.list().buckets().forEach(b -> all.add(new Listed(Area.ARTIFACTS, b)));
    }
    if (buckets != null) {
      List<String> seen = all.stream().map(l -> l.bucket().name()).toList();
      buckets.list().buckets().stream().filter(b -> !seen.contains(b.name()))
          .forEach(b -> all.add(new Listed(Area.BUCKETS, b)));
    }
    return all;
  }

  record Listed(Area area, Bucket bucket) {}

  ListBucketsResponse owner() {
    return (artifacts != null ? artifacts : buckets).list();
  }

  private static void check(String bucket) {
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new S3ProxyException(S3ErrorCode.INVALID_BUCKET_NAME, "The specified bucket is not valid: " + bucket);
    }
  }
}

package dev.flowline.actions.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * S3 buckets as directories: the object {@code key} of {@code bucket} is the file {@code <root>/<bucket>/<key>}.
 * A bucket exists when its directory does (create it to create the bucket). Versions are derived from the
 * content: {@code versionId} is the first 32 hex digits of its SHA-256, {@code eTag} its quoted MD5, as S3's
 * ETag of a single-part upload. Writes go to a temporary file that replaces the object atomically.
 */
public final class LocalBucketObjectStore implements ObjectStore {

  private static final Pattern BUCKET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");
  private final Path root;

  public LocalBucketObjectStore(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public StoredObject getObject(String bucket, String key) throws IOException {
    Path file = objectFile(bucket, key);
    if (!Files.isRegularFile(file)) {
      throw ObjectStoreException.noSuchKey(bucket, key);
    }
    // one open file for hashing and reading: a concurrent put replaces the path, not what this channel reads
    SeekableByteChannel channel = Files.newByteChannel(file);
    try {
      ObjectVersion version = versionOf(Channels.newInputStream(channel));
      channel.position(0);
      return new StoredObject(Channels.newInputStream(channel), version, Map.of());
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  @Override
  public ObjectVersion putObject(String bucket, String key, Path file, PutOptions options) throws IOException {
    Path target = objectFile(bucket, key);
    Files.createDirectories(target.getParent());
    Path temp = Files.createTempFile(target.getParent(), ".put-", ".tmp");
    try {
      Files.copy(file, temp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(temp);
    }
    try (InputStream in = Files.newInputStream(target)) {
      return versionOf(in);
    }
  }

  private Path objectFile(String bucket, String key) throws ObjectStoreException {
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw new ObjectStoreException("InvalidBucketName", bucket, key, "The bucket name '" + bucket + "' is not valid");
    }
    Path bucketDir = root.resolve(bucket);
    if (!Files.isDirectory(bucketDir)) {
      throw ObjectStoreException.noSuchBucket(bucket, key);
    }
    if (key == null || key.isEmpty() || key.startsWith("/") || key.endsWith("/")
        || ("/" + key + "/").matches(".*/(\\.{1,2})?/.*")) {
      throw new ObjectStoreException(ObjectStoreException.INVALID_ARGUMENT, bucket, key,
          "The object key '" + key + "' cannot be stored in a local bucket (empty segment, '.' or '..')");
    }
    return bucketDir.resolve(key);
  }

  /** Reads {@code content} to its end without closing it. */
  private static ObjectVersion versionOf(InputStream content) throws IOException {
    MessageDigest sha256 = digest("SHA-256");
    MessageDigest md5 = digest("MD5");
    new DigestInputStream(new DigestInputStream(content, sha256), md5).transferTo(OutputStream.nullOutputStream());
    HexFormat hex = HexFormat.of();
    return new ObjectVersion(hex.formatHex(sha256.digest()).substring(0, 32), "\"" + hex.formatHex(md5.digest()) + "\"");
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
    }
  }
}

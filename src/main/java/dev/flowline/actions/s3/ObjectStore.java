package dev.flowline.actions.s3;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Buckets of objects as the S3 source and S3 deploy actions see them: user data, not Flowline's artifacts.
 * Implementations: directories on disk (the embedded default) and S3. Safe to call from several threads.
 * Every refusal by the store itself (no such bucket or key, access denied, an invalid key) is an
 * {@link ObjectStoreException} carrying S3's error code.
 */
public interface ObjectStore {

  /** Opens an object; the caller closes it. */
  StoredObject getObject(String bucket, String key) throws IOException;

  /**
   * One version of the object (the S3 source's {@code S3_OBJECT_VERSION_ID} revision). A store that keeps no
   * versions has only the current one: any other id is {@code NoSuchVersion}.
   */
  default StoredObject getObject(String bucket, String key, String versionId) throws IOException {
    StoredObject object = getObject(bucket, key);
    if (!versionId.equals(object.version().versionId())) {
      object.close();
      throw new ObjectStoreException("NoSuchVersion", bucket, key, "The version '" + versionId + "' of the object '"
          + key + "' does not exist in the S3 bucket '" + bucket + "'");
    }
    return object;
  }

  /** The object's current version without reading it (a change poller's question). */
  default ObjectVersion version(String bucket, String key) throws IOException {
    try (StoredObject object = getObject(bucket, key)) {
      return object.version();
    }
  }

  /** Writes {@code file} as the object {@code key}, replacing any object of that key, and returns its new version. */
  ObjectVersion putObject(String bucket, String key, Path file, PutOptions options) throws IOException;

  /** The version of an object: {@code versionId} is null for an unversioned S3 bucket; {@code eTag} is quoted, as S3 sends it. */
  record ObjectVersion(String versionId, String eTag) {

    /** The ETag without S3's surrounding quotes. */
    public String unquotedETag() {
      return eTag == null ? null : eTag.replace("\"", "");
    }
  }

  /**
   * How an object is written. All may be null. {@code cannedAcl} and {@code kmsKeyId} only mean something to
   * S3; a local bucket ignores them.
   */
  record PutOptions(String contentType, String cacheControl, String cannedAcl, String kmsKeyId) {
    public static PutOptions contentType(String contentType) {
      return new PutOptions(contentType, null, null, null);
    }
  }
}

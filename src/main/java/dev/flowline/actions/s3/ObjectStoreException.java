package dev.flowline.actions.s3;

import java.io.IOException;

/**
 * The object store refused a request. {@link #code()} is S3's error code: {@code NoSuchBucket},
 * {@code NoSuchKey}, {@code AccessDenied}, {@code InvalidArgument}, ...
 */
public final class ObjectStoreException extends IOException {

  public static final String NO_SUCH_BUCKET = "NoSuchBucket";
  public static final String NO_SUCH_KEY = "NoSuchKey";
  public static final String ACCESS_DENIED = "AccessDenied";
  public static final String INVALID_ARGUMENT = "InvalidArgument";

  private final String code;
  private final String bucket;
  private final String key;

  public ObjectStoreException(String code, String bucket, String key, String message) {
    super(message);
    this.code = code;
    this.bucket = bucket;
    this.key = key;
  }

  static ObjectStoreException noSuchBucket(String bucket, String key) {
    return new ObjectStoreException(NO_SUCH_BUCKET, bucket, key, "The bucket '" + bucket + "' does not exist");
  }

  static ObjectStoreException noSuchKey(String bucket, String key) {
    return new ObjectStoreException(NO_SUCH_KEY, bucket, key,
        "The object '" + key + "' does not exist in bucket '" + bucket + "'");
  }

  public String code() {
    return code;
  }

  public String bucket() {
    return bucket;
  }

  public String key() {
    return key;
  }
}

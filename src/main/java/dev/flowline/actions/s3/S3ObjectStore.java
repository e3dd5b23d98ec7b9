package dev.flowline.actions.s3;

import java.io.IOException;
import java.nio.file.Path;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** Objects in S3 or an S3-compatible store, through an SDK v2 client (endpoint override for the latter). */
public final class S3ObjectStore implements ObjectStore {

  private final S3Client s3;

  public S3ObjectStore(S3Client s3) {
    this.s3 = s3;
  }

  @Override
  public StoredObject getObject(String bucket, String key) throws IOException {
    try {
      ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key));
      GetObjectResponse response = in.response();
      return new StoredObject(in, new ObjectVersion(versionId(response.versionId()), response.eTag()), response.metadata());
    } catch (SdkException e) {
      throw translate(e, bucket, key);
    }
  }

  @Override
  public StoredObject getObject(String bucket, String key, String versionId) throws IOException {
    try {
      ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(bucket).key(key).versionId(versionId));
      GetObjectResponse response = in.response();
      return new StoredObject(in, new ObjectVersion(versionId(response.versionId()), response.eTag()), response.metadata());
    } catch (SdkException e) {
      throw translate(e, bucket, key);
    }
  }

  @Override
  public ObjectVersion version(String bucket, String key) throws IOException {
    try {
      var response = s3.headObject(b -> b.bucket(bucket).key(key));
      return new ObjectVersion(versionId(response.versionId()), response.eTag());
    } catch (SdkException e) {
      throw translate(e, bucket, key);
    }
  }

  @Override
  public ObjectVersion putObject(String bucket, String key, Path file, PutOptions options) throws IOException {
    PutObjectRequest.Builder request = PutObjectRequest.builder().bucket(bucket).key(key)
        .contentType(options.contentType())
        .cacheControl(options.cacheControl());
    if (options.cannedAcl() != null) {
      request.acl(ObjectCannedACL.fromValue(options.cannedAcl()));
    }
    if (options.kmsKeyId() != null) {
      request.serverSideEncryption(ServerSideEncryption.AWS_KMS).ssekmsKeyId(options.kmsKeyId());
    }
    try {
      PutObjectResponse response = s3.putObject(request.build(), RequestBody.fromFile(file));
      return new ObjectVersion(versionId(response.versionId()), response.eTag());
    } catch (SdkException e) {
      throw translate(e, bucket, key);
    }
  }

  /** S3 answers "null" as the version id of objects written while versioning was off. */
  private static String versionId(String versionId) {
    return versionId == null || versionId.equals("null") ? null : versionId;
  }

  private static IOException translate(SdkException e, String bucket, String key) {
    if (e instanceof NoSuchBucketException) {
      return ObjectStoreException.noSuchBucket(bucket, key);
    }
    if (e instanceof NoSuchKeyException) {
      return ObjectStoreException.noSuchKey(bucket, key);
    }
    if (e instanceof S3Exception s3e && s3e.awsErrorDetails() != null && s3e.awsErrorDetails().errorCode() != null) {
      return new ObjectStoreException(s3e.awsErrorDetails().errorCode(), bucket, key,
          "S3 refused s3://" + bucket + "/" + key + ": " + s3e.awsErrorDetails().errorMessage());
    }
    return new IOException("S3 request for s3://" + bucket + "/" + key + " failed: " + e.getMessage(), e);
  }
}

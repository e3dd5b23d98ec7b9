package dev.flowline.api.s3;

import dev.flowline.api.s3.S3Caller.Area;
import java.io.InputStream;
import java.util.List;
import org.gaul.s3proxy.S3ErrorCode;
import org.gaul.s3proxy.S3ProxyException;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.BucketCannedACL;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.CreateBucketResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectRequest;
import software.amazon.awssdk.services.s3.model.DeleteObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The store S3Proxy's handler sees for one caller: every operation is checked against {@link S3Caller} before it
 * reaches the filesystem store of its area, and a refusal is S3's {@code AccessDenied} with nothing written. It
 * implements the whole interface rather than forwarding, so an operation not named here is refused (the interface's
 * defaults run through these methods) instead of slipping past the check.
 */
final class FlowlineBlobStore implements BlobStore {

  private final S3Caller caller;
  private final LocalStorage storage;

  FlowlineBlobStore(S3Caller caller, LocalStorage storage) {
    this.caller = caller;
    this.storage = storage;
  }

  private LocalStorage.Target target(String bucket, boolean write) {
    return caller instanceof S3Caller.Job ? storage.artifactBucket(bucket, write) : storage.forBucket(bucket);
  }

  private BlobStore read(String action, String bucket, String key) {
    LocalStorage.Target t = target(bucket, false);
    if (!caller.mayRead(t.area(), bucket, key)) {
      throw denied(action, bucket + "/" + key);
    }
    return t.store();
  }

  private BlobStore write(String action, String bucket, String key) {
    LocalStorage.Target t = target(bucket, caller.mayWrite(Area.ARTIFACTS, bucket, key));
    if (!caller.mayWrite(t.area(), bucket, key)) {
      throw denied(action, bucket + "/" + key);
    }
    return t.store();
  }

  private BlobStore listing(String action, String bucket) {
    LocalStorage.Target t = target(bucket, false);
    if (!caller.mayList(t.area(), bucket)) {
      throw denied(action, bucket);
    }
    return t.store();
  }

  private S3ProxyException denied(String action, String resource) {
    return new S3ProxyException(S3ErrorCode.ACCESS_DENIED, "User: " + caller.name()
        + " is not authorized to perform: s3:" + action + " on resource: arn:aws:s3:::" + resource);
  }

  @Override
  public ListBucketsResponse list() {
    if (caller instanceof S3Caller.Job || caller instanceof S3Caller.Nobody) {
      throw denied("ListAllMyBuckets", "*");
    }
    var buckets = storage.list().stream().filter(l -> caller.mayList(l.area(), l.bucket().name()))
        .map(LocalStorage.Listed::bucket).toList();
    return storage.owner().toBuilder().buckets(buckets).build();
  }

  @Override
  public ListObjectsV2Response list(ListObjectsV2Request request) {
    return listing("ListBucket", request.bucket()).list(request);
  }

  @Override
  public HeadBucketResponse headBucket(HeadBucketRequest request) {
    return listing("ListBucket", request.bucket()).headBucket(request);
  }

  @Override
  public CreateBucketResponse createContainer(CreateBucketRequest request) {
    if (!caller.mayCreateBucket()) {
      throw denied("CreateBucket", request.bucket());
    }
    LocalStorage.Target t = storage.forBucket(request.bucket());
    if (t.area() == Area.ARTIFACTS) {
      throw new S3ProxyException(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU,
          "The bucket " + request.bucket() + " exists: it is an artifact store bucket");
    }
    return t.store().createContainer(request);
  }

  @Override
  public BucketCannedACL getContainerAccess(String container) {
    return listing("GetBucketAcl", container).getContainerAccess(container);
  }

  @Override
  public void setContainerAccess(String container, BucketCannedACL access) {
    throw denied("PutBucketAcl", container);
  }

  @Override
  public void deleteBucket(String container) {
    LocalStorage.Target t = storage.forBucket(container);
    if (!caller.mayCreateBucket() || t.area() != Area.BUCKETS) {
      throw denied("DeleteBucket", container);
    }
    t.store().deleteBucket(container);
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
    return write("PutObject", request.bucket(), request.key()).putBlob(request, content);
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    BlobStore from = read("GetObject", request.sourceBucket(), request.sourceKey());
    BlobStore to = write("PutObject", request.destinationBucket(), request.destinationKey());
    if (from != to) {
      throw new S3ProxyException(S3ErrorCode.NOT_IMPLEMENTED,
          "Copying between the artifact store and the local buckets is not supported");
    }
    return to.copyBlob(request);
  }

  @Override
  public HeadObjectResponse blobMetadata(HeadObjectRequest request) {
    return read("GetObject", request.bucket(), request.key()).blobMetadata(request);
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getBlob(GetObjectRequest request) {
    return read("GetObject", request.bucket(), request.key()).getBlob(request);
  }

  @Override
  public DeleteObjectResponse removeBlob(DeleteObjectRequest request) {
    if (caller instanceof S3Caller.Job) {
      throw denied("DeleteObject", request.bucket() + "/" + request.key());
    }
    return write("DeleteObject", request.bucket(), request.key()).removeBlob(request);
  }

  @Override
  public void removeBlob(String container, String name) {
    removeBlob(DeleteObjectRequest.builder().bucket(container).key(name).build());
  }

  @Override
  public ObjectCannedACL getBlobAccess(String container, String name) {
    return read("GetObjectAcl", container, name).getBlobAccess(container, name);
  }

  @Override
  public void setBlobAccess(String container, String name, ObjectCannedACL access) {
    throw denied("PutObjectAcl", container + "/" + name);
  }

  @Override
  public MultipartUpload initiateMultipartUpload(CreateMultipartUploadRequest request) {
    return write("PutObject", request.bucket(), request.key()).initiateMultipartUpload(request);
  }

  @Override
  public void abortMultipartUpload(MultipartUpload mpu) {
    write("AbortMultipartUpload", mpu.containerName(), mpu.blobName()).abortMultipartUpload(mpu);
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(MultipartUpload mpu,
      CompleteMultipartUploadRequest request) {
    return write("PutObject", mpu.containerName(), mpu.blobName()).completeMultipartUpload(mpu, request);
  }

  @Override
  public UploadPartResponse uploadMultipartPart(MultipartUpload mpu, UploadPartRequest request, InputStream content) {
    return write("PutObject", mpu.containerName(), mpu.blobName()).uploadMultipartPart(mpu, request, content);
  }

  @Override
  public List<Part> listMultipartUpload(MultipartUpload mpu) {
    return write("ListMultipartUploadParts", mpu.containerName(), mpu.blobName()).listMultipartUpload(mpu);
  }

  @Override
  public List<software.amazon.awssdk.services.s3.model.MultipartUpload> listMultipartUploads(String container) {
    return listing("ListBucketMultipartUploads", container).listMultipartUploads(container);
  }

  @Override
  public long getMinimumMultipartPartSize() {
    return 5L * 1024 * 1024;
  }
}

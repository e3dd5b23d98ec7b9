package dev.flowline.api.s3;

import dev.flowline.engine.Permission;
import java.util.Set;

/**
 * Who signed an S3 request, and what that signer may touch. The storage is two areas: {@link Area#BUCKETS}, the
 * local buckets the S3 source and deploy actions use, and {@link Area#ARTIFACTS}, the artifact store.
 */
sealed interface S3Caller {

  enum Area { BUCKETS, ARTIFACTS }

  /** The secret that signs this caller's requests. Never logged. */
  String secret();

  /** Names the caller in refusals: the user, or the job. */
  String name();

  boolean mayRead(Area area, String bucket, String key);

  boolean mayList(Area area, String bucket);

  boolean mayWrite(Area area, String bucket, String key);

  boolean mayCreateBucket();

  /**
   * A key pair of {@code flowline.api.credentials}, with its user's rights: READ reads and lists both areas; OPERATE
   * also writes and deletes objects and creates buckets in the local buckets (an upload there starts a pipeline, as
   * StartPipelineExecution does); ADMINISTER also writes in the artifact store.
   */
  record User(String name, String secret, Set<Permission> permissions) implements S3Caller {

    @Override
    public boolean mayRead(Area area, String bucket, String key) {
      return has(Permission.READ);
    }

    @Override
    public boolean mayList(Area area, String bucket) {
      return has(Permission.READ);
    }

    @Override
    public boolean mayWrite(Area area, String bucket, String key) {
      return area == Area.BUCKETS ? has(Permission.OPERATE) : has(Permission.ADMINISTER);
    }

    @Override
    public boolean mayCreateBucket() {
      return has(Permission.OPERATE);
    }

    private boolean has(Permission permission) {
      return permissions.contains(permission) || permissions.contains(Permission.ADMINISTER);
    }

    @Override
    public String toString() {
      return "User[" + name + "]";
    }
  }

  /**
   * A job's artifact credentials: read its input artifacts, write its output artifacts, in the artifact store,
   * nothing else (no listing, no deleting). {@code objects} are {@code bucket/key}.
   */
  record Job(String name, String secret, Set<String> inputs, Set<String> outputs) implements S3Caller {

    @Override
    public boolean mayRead(Area area, String bucket, String key) {
      return area == Area.ARTIFACTS && inputs.contains(bucket + "/" + key);
    }

    @Override
    public boolean mayList(Area area, String bucket) {
      return false;
    }

    @Override
    public boolean mayWrite(Area area, String bucket, String key) {
      return area == Area.ARTIFACTS && outputs.contains(bucket + "/" + key);
    }

    @Override
    public boolean mayCreateBucket() {
      return false;
    }

    @Override
    public String toString() {
      return "Job[" + name + "]";
    }
  }

  /** Requests without a signature: nothing (the servlet refuses them before they get here). */
  record Nobody() implements S3Caller {

    @Override
    public String secret() {
      return "";
    }

    @Override
    public String name() {
      return "anonymous";
    }

    @Override
    public boolean mayRead(Area area, String bucket, String key) {
      return false;
    }

    @Override
    public boolean mayList(Area area, String bucket) {
      return false;
    }

    @Override
    public boolean mayWrite(Area area, String bucket, String key) {
      return false;
    }

    @Override
    public boolean mayCreateBucket() {
      return false;
    }
  }
}

package dev.flowline.api.s3;

import dev.flowline.api.ApiProperties;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.Permission;
import dev.flowline.engine.jobs.JobData;
import dev.flowline.engine.jobs.JobRecord;
import dev.flowline.engine.jobs.JobStatus;
import dev.flowline.engine.jobs.JobStore;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gaul.s3proxy.AccessGrant;
import org.gaul.s3proxy.BlobStoreLocator;

/**
 * Resolves an access key id to its {@link S3Caller}: a key pair of {@code flowline.api.credentials} (with its
 * user's roles, looked up per request so a role change takes effect at once), or the artifact credentials of a job
 * that is still running (Dispatched or InProgress, before its deadline). S3Proxy's handler asks through
 * {@link #locator} for the secret that verifies the signature; an unknown or ended key has none
 * ({@code InvalidAccessKeyId}).
 */
final class S3Callers {

  private static final Set<JobStatus> RUNNING = EnumSet.of(JobStatus.Dispatched, JobStatus.InProgress);

  private final Map<String, ApiProperties.Credential> keyPairs = new LinkedHashMap<>();
  private final AccessControl access;
  private final JobStore jobs;
  private final Clock clock;

  S3Callers(List<ApiProperties.Credential> keyPairs, AccessControl access, JobStore jobs, Clock clock) {
    keyPairs.forEach(k -> this.keyPairs.put(k.accessKeyId(), k));
    this.access = access;
    this.jobs = jobs;
    this.clock = clock;
  }

  boolean isKeyPair(String accessKeyId) {
    return keyPairs.containsKey(accessKeyId);
  }

  /** The job whose artifact credentials carry {@code accessKeyId}, whether or not it still runs. */
  Optional<JobRecord> job(String accessKeyId) {
    return isKeyPair(accessKeyId) ? Optional.empty() : jobs.byAccessKey(accessKeyId);
  }

  boolean running(JobRecord job) {
    return RUNNING.contains(job.status()) && clock.millis() < job.deadline();
  }

  Optional<S3Caller> find(String accessKeyId) {
    if (accessKeyId == null) {
      return Optional.empty();
    }
    ApiProperties.Credential pair = keyPairs.get(accessKeyId);
    if (pair != null) {
      Set<Permission> granted = EnumSet.noneOf(Permission.class);
      for (Permission p : List.of(Permission.READ, Permission.OPERATE, Permission.ADMINISTER)) {
        if (access.permits(pair.user(), p)) {
          granted.add(p);
        }
      }
      return Optional.of(new S3Caller.User(pair.user(), pair.secretAccessKey(), granted));
    }
    return jobs.byAccessKey(accessKeyId).filter(this::running).map(S3Callers::jobCaller);
  }

  private static S3Caller jobCaller(JobRecord job) {
    JobData data = job.data();
    return new S3Caller.Job("job/" + job.id(), data.artifactCredentials().secretAccessKey(), objects(data.inputArtifacts()),
        objects(data.outputArtifacts()));
  }

  private static Set<String> objects(List<JobData.Artifact> artifacts) {
    return artifacts == null ? Set.of() : artifacts.stream()
        .filter(a -> a.location() != null && a.location().s3Location() != null)
        .map(a -> a.location().s3Location().bucketName() + "/" + a.location().s3Location().objectKey())
        .collect(Collectors.toUnmodifiableSet());
  }

  BlobStoreLocator locator(LocalStorage storage) {
    return (identity, container, blob) -> find(identity)
        .map(caller -> new AccessGrant(caller.secret(), new FlowlineBlobStore(caller, storage)))
        .orElse(null);
  }
}

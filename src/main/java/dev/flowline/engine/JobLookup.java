package dev.flowline.engine;

import dev.flowline.engine.jobs.JobProperties;
import dev.flowline.engine.jobs.JobRecord;
import dev.flowline.engine.jobs.JobStore;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.CodePipelineException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;

/**
 * Finds the job an API call names: the job operations see custom and handed-off jobs, the third-party operations
 * only partner (ThirdParty) jobs, and only for a caller that shows its type's client token.
 */
@Component
class JobLookup {
  static final String THIRD_PARTY = "ThirdParty";

  private final JobStore store;
  private final JobProperties properties;

  JobLookup(JobStore store, JobProperties properties) {
    this.store = store;
    this.properties = properties;
  }

  /** A job of the job operations: a custom action's, or one handed off by Flowline (a Lambda function's). */
  JobRecord job(String jobId) {
    return store.find(jobId).filter(j -> !THIRD_PARTY.equals(j.type().owner())).orElseThrow(() ->
        new CodePipelineException("JobNotFoundException", "Job " + jobId + " cannot be found"));
  }

  /** A partner's job, once the caller showed its type's client token. */
  JobRecord thirdPartyJob(String jobId, String clientToken) {
    JobRecord job = store.find(jobId).filter(j -> THIRD_PARTY.equals(j.type().owner())).orElseThrow(() ->
        new CodePipelineException("JobNotFoundException", "Third party job " + jobId + " cannot be found"));
    byte[] expected = thirdParty(job.type()).clientToken().getBytes(StandardCharsets.UTF_8);
    byte[] given = clientToken == null ? new byte[0] : clientToken.getBytes(StandardCharsets.UTF_8);
    if (!MessageDigest.isEqual(expected, given)) {
      throw new CodePipelineException("InvalidClientTokenException", "The client token does not match the one of "
          + describe(job.type()) + ": use the clientToken configured for its clientId");
    }
    return job;
  }

  JobProperties.ThirdPartyActionType thirdParty(ActionTypeId type) {
    return properties.thirdPartyActionTypes().stream().filter(t -> t.id().equals(type)).findFirst()
        .orElseThrow(() -> new CodePipelineException("ActionTypeNotFoundException", describe(type)
            + " is not configured in flowline.jobs.third-party-action-types"));
  }

  static String describe(ActionTypeId id) {
    return "ActionType (Category: '" + id.category() + "', Provider: '" + id.provider() + "', Owner: '" + id.owner()
        + "', Version: '" + id.version() + "')";
  }
}

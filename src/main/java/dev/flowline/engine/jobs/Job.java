package dev.flowline.engine.jobs;

/** CodePipeline's Job (PollForJobs) and, without the nonce, its JobDetails (GetJobDetails). */
public record Job(String id, JobData data, String nonce, String accountId) {}

package dev.flowline.engine.jobs;

/** CodePipeline's ThirdPartyJob: what PollForThirdPartyJobs hands out (GetThirdPartyJobDetails gives the rest). */
public record ThirdPartyJob(String clientId, String jobId) {}

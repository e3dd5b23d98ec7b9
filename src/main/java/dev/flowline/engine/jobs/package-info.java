/**
 * CodePipeline's job protocol for remote job workers (PollForJobs and friends): the job's data, its status and
 * nonce, the store that keeps them across restarts, and the {@link dev.flowline.engine.jobs.JobService} the API
 * calls. A job is a Camunda external task of its action type's topic; the external task's lock is the job's lease.
 */
package dev.flowline.engine.jobs;

package dev.flowline.engine;

import org.camunda.bpm.engine.externaltask.ExternalTask;
import org.camunda.bpm.engine.externaltask.LockedExternalTask;

/**
 * The external task behind an action's job, however it was leased: fetched and locked by the in-process worker,
 * or queried and locked one by one for a remote job worker (PollForJobs).
 */
record JobTask(String id, String businessKey, String processDefinitionId, String activityId,
    String activityInstanceId) {

  static JobTask of(LockedExternalTask task) {
    return new JobTask(task.getId(), task.getBusinessKey(), task.getProcessDefinitionId(), task.getActivityId(),
        task.getActivityInstanceId());
  }

  static JobTask of(ExternalTask task) {
    return new JobTask(task.getId(), task.getBusinessKey(), task.getProcessDefinitionId(), task.getActivityId(),
        task.getActivityInstanceId());
  }
}

package dev.flowline.engine;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The Camunda groups that are Flowline's roles ({@code flowline.roles.*}); the approvers' group is
 * {@code flowline.approver-group}, the candidate group the compiler gives every manual approval.
 * Membership of a role's group is what a user (and every API key mapped to it) may do; see docs/security.md.
 *
 * @param administrators Camunda's administrators: everything ({@code camunda-admin})
 * @param editors create, update and delete pipelines and repositories, push to every repository
 * @param operators start, stop, retry, roll back, transitions, overrides
 * @param readers pipelines, executions, history, action logs, repositories (fetch)
 * @param jobWorkers job workers of custom action types (PollForJobs and the job operations), nothing else
 * @param gitPusherPrefix a member of {@code <prefix><repository>} may push to that repository
 */
@ConfigurationProperties(prefix = "flowline.roles")
public record RoleGroups(
    @DefaultValue("camunda-admin") String administrators,
    @DefaultValue("flowline-editors") String editors,
    @DefaultValue("flowline-operators") String operators,
    @DefaultValue("flowline-readers") String readers,
    @DefaultValue("flowline-job-workers") String jobWorkers,
    @DefaultValue("git-push-") String gitPusherPrefix) {

  /** The group whose members may push to {@code repository}. */
  public String pushersOf(String repository) {
    return gitPusherPrefix + repository;
  }
}

package dev.flowline.engine;

import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@link AccessControl} on Camunda's identity service: a user's roles are the role groups it is a member of.
 * The lookups run without Camunda's authorization checks, because a request on Flowline's pages carries the
 * logged-in user, who may not be allowed to read its own group list through Camunda's API.
 */
@Component
class CamundaAccessControl implements AccessControl {
  private final IdentityService identity;
  private final TaskService tasks;
  private final ProcessEngineConfigurationImpl engine;
  private final DefaultExecutionService executions;
  private final RoleGroups roles;
  private final String approvers;

  CamundaAccessControl(IdentityService identity, TaskService tasks, ProcessEngineConfigurationImpl engine,
      DefaultExecutionService executions, RoleGroups roles,
      @Value("${flowline.approver-group:approvers}") String approvers) {
    this.identity = identity;
    this.tasks = tasks;
    this.engine = engine;
    this.executions = executions;
    this.roles = roles;
    this.approvers = approvers;
  }

  @Override
  public boolean permits(String userId, Permission permission) {
    return permissionsOf(groupsOf(userId)).contains(permission);
  }

  private EnumSet<Permission> permissionsOf(Set<String> groups) {
    if (groups.contains(roles.administrators())) {
      return EnumSet.allOf(Permission.class);
    }
    EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
    if (groups.contains(roles.editors())) {
      granted.addAll(List.of(Permission.READ, Permission.EDIT));
    }
    if (groups.contains(roles.operators())) {
      granted.addAll(List.of(Permission.READ, Permission.OPERATE));
    }
    if (groups.contains(approvers)) {
      granted.addAll(List.of(Permission.READ, Permission.APPROVE));
    }
    if (groups.contains(roles.readers())) {
      granted.add(Permission.READ);
    }
    if (groups.contains(roles.jobWorkers())) {
      granted.add(Permission.WORK_JOBS);
    }
    return granted;
  }

  @Override
  public boolean mayApprove(String userId, String pipelineName, String token) {
    Set<String> groups = groupsOf(userId);
    if (groups.contains(roles.administrators())) {
      return true;
    }
    Optional<Task> task = systemCall(() -> executions.approvalTask(pipelineName, token));
    if (task.isEmpty()) {
      return permissionsOf(groups).contains(Permission.APPROVE);
    }
    List<IdentityLink> links = systemCall(() -> tasks.getIdentityLinksForTask(task.get().getId()));
    return links.stream().filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()))
        .anyMatch(link -> userId.equals(link.getUserId()) || groups.contains(link.getGroupId()));
  }

  @Override
  public boolean mayPush(String userId, String repository) {
    Set<String> groups = groupsOf(userId);
    return groups.contains(roles.administrators()) || groups.contains(roles.editors())
        || groups.contains(roles.pushersOf(repository));
  }

  @Override
  public Optional<String> currentUser() {
    Authentication authentication = identity.getCurrentAuthentication();
    return Optional.ofNullable(authentication).map(Authentication::getUserId);
  }

  private Set<String> groupsOf(String userId) {
    if (userId == null || userId.isBlank()) {
      return Set.of();
    }
    return systemCall(() -> identity.createGroupQuery().groupMember(userId).list().stream()
        .map(Group::getId).collect(Collectors.toSet()));
  }

  private <T> T systemCall(Supplier<T> call) {
    return engine.getCommandExecutorTxRequired().execute(context -> context.runWithoutAuthorization(call::get));
  }
}

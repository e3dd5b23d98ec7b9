package dev.flowline.config;

import dev.flowline.engine.RoleGroups;
import java.util.List;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates Flowline's role groups and their Camunda authorizations at every start, adding what is missing and
 * never removing what an administrator added. The administrators' group ({@code camunda-admin}) gets ALL on
 * every resource from the Camunda starter; the other roles get only what their Cockpit, Tasklist and
 * /engine-rest work needs, and nothing on users, groups, memberships, authorizations or tenants, so no one
 * but an administrator can grant anything. Approvers complete only tasks whose candidate group they are in:
 * the engine grants that per task ({@code default-user-permission-name-for-task: TASK_WORK}).
 * The table is in docs/security.md.
 */
@Component
class RoleSetup {
  private final IdentityService identity;
  private final AuthorizationService authorizations;
  private final RoleGroups roles;
  private final String approvers;
  private final String adminUser;

  RoleSetup(IdentityService identity, AuthorizationService authorizations, RoleGroups roles,
      @Value("${flowline.approver-group:approvers}") String approvers,
      @Value("${camunda.bpm.admin-user.id:admin}") String adminUser) {
    this.identity = identity;
    this.authorizations = authorizations;
    this.roles = roles;
    this.approvers = approvers;
    this.adminUser = adminUser;
  }

  private record Grant(Resource resource, String resourceId, List<Permission> permissions) {}

  private static final List<Grant> READ = List.of(
      new Grant(Resources.APPLICATION, "cockpit", List.of(Permissions.ACCESS)),
      new Grant(Resources.APPLICATION, "tasklist", List.of(Permissions.ACCESS)),
      new Grant(Resources.PROCESS_DEFINITION, "*", List.of(ProcessDefinitionPermissions.READ,
          ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
          ProcessDefinitionPermissions.READ_TASK)),
      new Grant(Resources.PROCESS_INSTANCE, "*", List.of(ProcessInstancePermissions.READ)),
      new Grant(Resources.DEPLOYMENT, "*", List.of(Permissions.READ)),
      new Grant(Resources.FILTER, "*", List.of(Permissions.READ)));

  private static final List<Grant> OPERATE = List.of(
      new Grant(Resources.PROCESS_DEFINITION, "*", List.of(ProcessDefinitionPermissions.CREATE_INSTANCE,
          ProcessDefinitionPermissions.UPDATE_INSTANCE, ProcessDefinitionPermissions.RETRY_JOB)),
      new Grant(Resources.PROCESS_INSTANCE, "*", List.of(ProcessInstancePermissions.CREATE,
          ProcessInstancePermissions.UPDATE, ProcessInstancePermissions.RETRY_JOB)));

  @EventListener(ApplicationReadyEvent.class)
  void ensureRoles() {
    try {
      ensureAll();
    } catch (ProcessEngineException e) {
      // another node of the cluster created the same group or authorization at the same moment
      ensureAll();
    }
  }

  private void ensureAll() {
    ensureGroup(roles.readers(), "Pipeline readers", READ);
    ensureGroup(roles.editors(), "Pipeline editors", READ);
    ensureGroup(roles.operators(), "Pipeline operators", READ);
    ensureGroup(roles.operators(), "Pipeline operators", OPERATE);
    ensureGroup(approvers, "Pipeline approvers", READ);
    ensureGroup(roles.jobWorkers(), "Job workers", List.of());
    if (identity.createUserQuery().userId(adminUser).count() > 0
        && identity.createUserQuery().userId(adminUser).memberOfGroup(approvers).count() == 0) {
      identity.createMembership(adminUser, approvers);
    }
  }

  private void ensureGroup(String groupId, String name, List<Grant> grants) {
    if (identity.createGroupQuery().groupId(groupId).count() == 0) {
      Group group = identity.newGroup(groupId);
      group.setName(name);
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
    grants.forEach(grant -> ensureGrant(groupId, grant));
  }

  private void ensureGrant(String groupId, Grant grant) {
    Authorization authorization = authorizations.createAuthorizationQuery()
        .authorizationType(Authorization.AUTH_TYPE_GRANT).groupIdIn(groupId)
        .resourceType(grant.resource()).resourceId(grant.resourceId()).singleResult();
    if (authorization == null) {
      authorization = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
      authorization.setGroupId(groupId);
      authorization.setResource(grant.resource());
      authorization.setResourceId(grant.resourceId());
    } else if (grant.permissions().stream().allMatch(authorization::isPermissionGranted)) {
      return;
    }
    grant.permissions().forEach(authorization::addPermission);
    authorizations.saveAuthorization(authorization);
  }
}

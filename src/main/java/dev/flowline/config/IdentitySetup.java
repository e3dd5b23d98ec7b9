package dev.flowline.config;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Creates the approvers' group (candidate group of every manual approval) and puts the admin user in it. */
@Component
class IdentitySetup {
  private final IdentityService identity;
  private final String approverGroup;
  private final String adminUser;

  IdentitySetup(IdentityService identity, @Value("${flowline.approver-group:approvers}") String approverGroup,
      @Value("${camunda.bpm.admin-user.id:admin}") String adminUser) {
    this.identity = identity;
    this.approverGroup = approverGroup;
    this.adminUser = adminUser;
  }

  @EventListener(ApplicationReadyEvent.class)
  void ensureApprovers() {
    if (identity.createGroupQuery().groupId(approverGroup).count() == 0) {
      Group group = identity.newGroup(approverGroup);
      group.setName("Pipeline approvers");
      group.setType("WORKFLOW");
      identity.saveGroup(group);
    }
    if (identity.createUserQuery().userId(adminUser).count() > 0
        && identity.createUserQuery().userId(adminUser).memberOfGroup(approverGroup).count() == 0) {
      identity.createMembership(adminUser, approverGroup);
    }
  }
}

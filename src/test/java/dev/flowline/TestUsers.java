package dev.flowline;

import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;

/** Camunda users of their own per test (as an administrator would add them), each with a fresh id and password. */
public final class TestUsers {
  private final IdentityService identity;

  public TestUsers(IdentityService identity) {
    this.identity = identity;
  }

  /** A new user, member of {@code groups} (created when missing); its password is {@link #password}. */
  public String create(String prefix, String... groups) {
    String id = prefix + UUID.randomUUID().toString().substring(0, 8);
    User user = identity.newUser(id);
    user.setPassword(password(id));
    identity.saveUser(user);
    for (String group : groups) {
      addTo(id, group);
    }
    return id;
  }

  public void addTo(String user, String groupId) {
    if (identity.createGroupQuery().groupId(groupId).count() == 0) {
      Group group = identity.newGroup(groupId);
      group.setName(groupId);
      identity.saveGroup(group);
    }
    identity.createMembership(user, groupId);
  }

  public static String password(String user) {
    return "pw-" + user + "-s3cret";
  }
}

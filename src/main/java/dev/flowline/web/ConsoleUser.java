package dev.flowline.web;

import dev.flowline.engine.AccessControl;
import dev.flowline.engine.Permission;
import java.util.EnumSet;
import java.util.Set;

/**
 * The user of a console request and what the roles let it do: the pages show a button only when {@link #can}
 * says so, and every action checks again before it calls the engine.
 */
record ConsoleUser(String id, Set<Permission> permissions) {

  static ConsoleUser of(String id, AccessControl access) {
    EnumSet<Permission> granted = EnumSet.noneOf(Permission.class);
    for (Permission permission : Permission.values()) {
      if (access.permits(id, permission)) {
        granted.add(permission);
      }
    }
    return new ConsoleUser(id, granted);
  }

  public boolean can(Permission permission) {
    return permissions.contains(permission);
  }

  public boolean canRead() {
    return can(Permission.READ);
  }

  public boolean canOperate() {
    return can(Permission.OPERATE);
  }

  public boolean canApprove() {
    return can(Permission.APPROVE);
  }

  /** The role names, for the header: what this user may do, in words. */
  public String roles() {
    if (can(Permission.ADMINISTER)) {
      return "administrator";
    }
    StringBuilder roles = new StringBuilder();
    for (Permission permission : permissions) {
      if (!roles.isEmpty()) {
        roles.append(", ");
      }
      roles.append(permission.name().toLowerCase().replace('_', ' '));
    }
    return roles.isEmpty() ? "no role" : roles.toString();
  }
}

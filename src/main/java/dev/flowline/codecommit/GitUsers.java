package dev.flowline.codecommit;

/** Checks the user name and password a git client sends (HTTP Basic) against Flowline's users. */
@FunctionalInterface
public interface GitUsers {

  /** True when {@code password} is {@code userId}'s password. Never logs either. */
  boolean checkPassword(String userId, String password);
}

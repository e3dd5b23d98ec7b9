package dev.flowline.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;

/**
 * The login the console shares with Camunda's webapps: one session, one login for the console, Cockpit, Tasklist
 * and Admin. Implemented on Camunda's webapp session in config/ (the only room besides engine/ that imports Camunda).
 */
public interface ConsoleSessions {

  /**
   * Checks {@code password} through the engine's identity service (and so through Flowline's login throttle) and,
   * when it is right, replaces the request's session by a new one (no session fixation) in which {@code userId} is
   * logged in, for the console and Camunda's webapps alike. False when the user or the password is wrong, or the
   * throttle refused to check it.
   */
  boolean login(HttpServletRequest request, String userId, String password);

  /** The user logged in to the request's session (by the console or by a Camunda webapp); empty otherwise. */
  Optional<String> user(HttpServletRequest request);

  /** Ends the session: the console and Camunda's webapps alike. */
  void logout(HttpServletRequest request);
}

package dev.flowline.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The console's synchronizer token against cross-site request forgery: one random token per session, put into
 * every form ({@value #PARAMETER}) and every htmx request ({@value #HEADER}), compared on every POST. Camunda's
 * webapps keep their own token (CsrfPreventionFilter); Spring Security is not on the classpath, and pulling it
 * in for one comparison would put its filter chain in front of the API, git and /engine-rest.
 */
final class CsrfTokens {
  static final String PARAMETER = "_csrf";
  static final String HEADER = "X-CSRF-Token";
  private static final String SESSION_ATTRIBUTE = CsrfTokens.class.getName();
  private static final SecureRandom RANDOM = new SecureRandom();

  private CsrfTokens() {}

  /** The session's token, made (with the session) on first use. */
  static String token(HttpServletRequest request) {
    HttpSession session = request.getSession(true);
    Object token = session.getAttribute(SESSION_ATTRIBUTE);
    if (token instanceof String existing) {
      return existing;
    }
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    String fresh = HexFormat.of().formatHex(bytes);
    session.setAttribute(SESSION_ATTRIBUTE, fresh);
    return fresh;
  }

  /** True when the request carries its session's token (a request without a session never does). */
  static boolean matches(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    Object expected = session == null ? null : session.getAttribute(SESSION_ATTRIBUTE);
    String sent = request.getHeader(HEADER);
    if (sent == null) {
      sent = request.getParameter(PARAMETER);
    }
    return expected instanceof String token && sent != null
        && MessageDigest.isEqual(token.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
  }
}

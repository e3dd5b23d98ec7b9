package dev.flowline.web;

import dev.flowline.engine.AccessControl;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * In front of every console page: refuses a POST without the session's CSRF token (403, nothing changes), sends
 * a visitor without a session to the login page (coming back to the same page after it), and hands the pages
 * the user and its permissions ({@value #USER}) and the CSRF token ({@value #CSRF}).
 */
final class ConsoleInterceptor implements HandlerInterceptor {
  static final String USER = "consoleUser";
  static final String CSRF = "csrfToken";
  private final ConsoleSessions sessions;
  private final AccessControl access;

  ConsoleInterceptor(ConsoleSessions sessions, AccessControl access) {
    this.sessions = sessions;
    this.access = access;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) throws Exception {
    if (!isConsolePage(handler)) {
      // POST / is the AWS JSON API (a router function, SigV4): not a console page, not this interceptor's
      return true;
    }
    // one-click buttons must not be framed by another site (clickjacking)
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Content-Security-Policy", "frame-ancestors 'none'");
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("Referrer-Policy", "same-origin");
    if ("POST".equals(request.getMethod()) && !CsrfTokens.matches(request)) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      response.setContentType("text/html;charset=UTF-8");
      response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><title>Refused - Flowline</title></head>"
          + "<body><main><h1>Refused</h1><p role=\"alert\">This form was not sent by the console (its CSRF token is "
          + "missing or stale), so nothing was changed. <a href=\"/\">Reload the console</a> and try again.</p>"
          + "</main></body></html>");
      return false;
    }
    request.setAttribute(CSRF, CsrfTokens.token(request));
    if (isLoginPage(request)) {
      return true;
    }
    Optional<String> user = sessions.user(request);
    if (user.isEmpty()) {
      String login = "/console/login?next=" + URLEncoder.encode(pathOf(request), StandardCharsets.UTF_8);
      if (request.getHeader("HX-Request") != null) {
        response.setHeader("HX-Redirect", login);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      } else {
        response.sendRedirect(login);
      }
      return false;
    }
    request.setAttribute(USER, ConsoleUser.of(user.get(), access));
    return true;
  }

  private static boolean isConsolePage(Object handler) {
    return handler instanceof HandlerMethod method
        && method.getBeanType().getPackageName().equals(ConsoleInterceptor.class.getPackageName());
  }

  private static boolean isLoginPage(HttpServletRequest request) {
    return request.getRequestURI().equals("/console/login");
  }

  private static String pathOf(HttpServletRequest request) {
    String query = request.getQueryString();
    return request.getRequestURI() + (query == null ? "" : "?" + query);
  }
}

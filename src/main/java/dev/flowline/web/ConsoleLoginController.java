package dev.flowline.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The console's login and logout. The login is Camunda's webapp login ({@link ConsoleSessions}): one password
 * for the console, Cockpit and Tasklist, checked through Flowline's login throttle.
 */
@Controller
class ConsoleLoginController {
  private final ConsoleSessions sessions;

  ConsoleLoginController(ConsoleSessions sessions) {
    this.sessions = sessions;
  }

  @GetMapping("/console/login")
  String loginPage(@RequestParam(required = false) String next, HttpServletRequest request, Model model) {
    if (sessions.user(request).isPresent()) {
      return "redirect:" + safeNext(next);
    }
    model.addAttribute("next", safeNext(next));
    return "console/login";
  }

  @PostMapping("/console/login")
  String login(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String password,
      @RequestParam(required = false) String next, HttpServletRequest request, HttpServletResponse response,
      Model model) {
    if (sessions.login(request, username.strip(), password)) {
      return "redirect:" + safeNext(next);
    }
    // the throttle answered instead of the password check: LoginThrottleFilter has set Retry-After
    String retryAfter = response.getHeader("Retry-After");
    response.setStatus(retryAfter == null ? HttpServletResponse.SC_UNAUTHORIZED : 429);
    model.addAttribute("error", retryAfter == null ? "Wrong user name or password."
        : "Too many failed logins: try again in " + retryAfter + " seconds.");
    model.addAttribute("username", username);
    model.addAttribute("next", safeNext(next));
    model.addAttribute(ConsoleInterceptor.CSRF, CsrfTokens.token(request));
    return "console/login";
  }

  @PostMapping("/console/logout")
  String logout(HttpServletRequest request) {
    sessions.logout(request);
    return "redirect:/console/login";
  }

  /** Only a path of this server: never another host (an open redirect), never back to the login page. */
  static String safeNext(String next) {
    if (next == null || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")
        || next.startsWith("/console/login") || next.chars().anyMatch(c -> c < 0x20)) {
      return "/";
    }
    return next;
  }
}

package dev.flowline.config;

import dev.flowline.web.ConsoleSessions;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Date;
import java.util.Optional;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.webapp.impl.security.auth.Authentication;
import org.camunda.bpm.webapp.impl.security.auth.AuthenticationUtil;
import org.camunda.bpm.webapp.impl.security.auth.Authentications;
import org.camunda.bpm.webapp.impl.security.auth.UserAuthentication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The console's login is Camunda's webapp login: the same session attribute ({@link Authentications}, written
 * with Camunda's own {@link AuthenticationUtil} exactly as its login endpoint does), so a login at the console
 * opens Cockpit and Tasklist and a login at Cockpit opens the console. The password is checked by the engine's
 * identity service, which goes through Flowline's login throttle like every other surface.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleConfiguration {

  @Bean
  ConsoleSessions consoleSessions(ProcessEngine engine) {
    return new WebappSessions(engine);
  }

  /**
   * {@code /flowline/*} (action logs, the BPMN download) answers a logged-in session first and HTTP Basic
   * otherwise, so a log link followed from the console or Cockpit does not ask for a password again.
   */
  @Bean
  FilterRegistrationBean<Filter> flowlinePagesAuthentication(ProcessEngine engine) {
    FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(new SessionOrBasic(engine));
    registration.setName("flowline-pages-authentication");
    registration.addInitParameter("authentication-provider",
        "org.camunda.bpm.engine.rest.security.auth.impl.HttpBasicAuthenticationProvider");
    registration.addUrlPatterns("/flowline/*");
    registration.setOrder(1);
    return registration;
  }

  static final class WebappSessions implements ConsoleSessions {
    private final ProcessEngine engine;

    WebappSessions(ProcessEngine engine) {
      this.engine = engine;
    }

    @Override
    public boolean login(HttpServletRequest request, String userId, String password) {
      if (userId == null || userId.isBlank() || password == null) {
        return false;
      }
      engine.getIdentityService().clearAuthentication();
      if (!engine.getIdentityService().checkPassword(userId, password)) {
        return false;
      }
      UserAuthentication authentication = AuthenticationUtil.createAuthentication(engine, userId);
      if (authentication == null) {
        return false;
      }
      // as Camunda's login does: the cache of the user's groups is checked again from now on, and the session
      // is a new one (the old one's id may have been planted)
      authentication.setCacheValidationTime(new Date());
      AuthenticationUtil.revalidateSession(request, authentication);
      return true;
    }

    @Override
    public Optional<String> user(HttpServletRequest request) {
      return sessionUser(request, engine);
    }

    @Override
    public void logout(HttpServletRequest request) {
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.invalidate();
      }
    }
  }

  static Optional<String> sessionUser(HttpServletRequest request, ProcessEngine engine) {
    HttpSession session = request.getSession(false);
    if (session == null) {
      return Optional.empty();
    }
    Authentications authentications = AuthenticationUtil.getAuthsFromSession(session);
    Authentication authentication = authentications == null ? null
        : authentications.getAuthenticationForProcessEngine(engine.getName());
    return Optional.ofNullable(authentication).map(Authentication::getName);
  }

  /** A logged-in webapp session, or else Camunda's HTTP Basic authentication of /engine-rest. */
  static final class SessionOrBasic implements Filter {
    private final ProcessEngine engine;
    private final ProcessEngineAuthenticationFilter basic = new ProcessEngineAuthenticationFilter();

    SessionOrBasic(ProcessEngine engine) {
      this.engine = engine;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
      basic.init(config);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
        throws IOException, ServletException {
      Optional<String> user = sessionUser((HttpServletRequest) request, engine);
      if (user.isEmpty()) {
        basic.doFilter(request, response, chain);
        return;
      }
      engine.getIdentityService().setAuthentication(user.get(),
          AuthenticationUtil.getGroupsOfUser(engine, user.get()), AuthenticationUtil.getTenantsOfUser(engine, user.get()));
      try {
        chain.doFilter(request, response);
      } finally {
        engine.getIdentityService().clearAuthentication();
      }
    }

    @Override
    public void destroy() {
      basic.destroy();
    }
  }
}

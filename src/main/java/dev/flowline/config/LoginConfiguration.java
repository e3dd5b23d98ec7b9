package dev.flowline.config;

import dev.flowline.login.LoginProperties;
import dev.flowline.login.LoginThrottle;
import dev.flowline.login.LoginThrottleFilter;
import java.time.Clock;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.UserEntity;
import org.camunda.bpm.engine.impl.util.EncryptionUtil;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Password logins (docs/security.md, "Login"): Flowline's {@link LoginThrottle} in front of every password check
 * instead of Camunda's per-user lock, and the rule that the documented default admin password never listens
 * beyond loopback.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LoginProperties.class)
public class LoginConfiguration {
  static final String DEFAULT_ADMIN_PASSWORD = "admin";

  @Bean
  LoginThrottle loginThrottle(LoginProperties properties) {
    return new LoginThrottle(properties, Clock.systemUTC());
  }

  /** Every path whose requests may check a password; before the authentication filters (order 1 and later). */
  @Bean
  FilterRegistrationBean<LoginThrottleFilter> loginThrottleFilter(LoginThrottle throttle, Environment environment) {
    FilterRegistrationBean<LoginThrottleFilter> registration =
        new FilterRegistrationBean<>(new LoginThrottleFilter(throttle));
    registration.setName("flowline-login-throttle");
    String webapps = environment.getProperty("camunda.bpm.webapp.application-path", "/camunda");
    registration.addUrlPatterns("/engine-rest/*", "/flowline/*", "/git/*", webapps + "/api/*");
    // the console's login form (issue 16)
    registration.addUrlPatterns("/console/*");
    registration.setOrder(0);
    return registration;
  }

  @Bean
  AbstractProcessEnginePlugin loginEnginePlugin(LoginThrottle throttle) {
    return new AbstractProcessEnginePlugin() {
      @Override
      public void preInit(ProcessEngineConfigurationImpl configuration) {
        // Camunda locks a user for good after loginMaxAttempts failures (10) and delays each next try of the
        // user, from anyone, by up to loginDelayMaxTime: both let anybody lock the admin out. A zero delay and an
        // unreachable maximum turn both off; a lock already stored by an older version no longer counts either.
        configuration.setLoginMaxAttempts(Integer.MAX_VALUE);
        configuration.setLoginDelayBase(0);
        configuration.setLoginDelayMaxTime(0);
        configuration.setIdentityProviderSessionFactory(ThrottledIdentityProvider.sessionFactory(throttle));
      }
    };
  }

  /** Checked once the engine (and with it the admin user the starter creates) is up, before the port opens. */
  @Bean
  @ConditionalOnWebApplication
  DefaultAdminPasswordChecked defaultAdminPasswordRule(ProcessEngine engine, Environment environment) {
    String adminId = environment.getProperty("camunda.bpm.admin-user.id", "admin");
    refuseDefaultAdminPasswordBeyondLoopback(environment.getProperty("server.address"), adminId,
        hasPassword(engine, adminId, DEFAULT_ADMIN_PASSWORD));
    return new DefaultAdminPasswordChecked(adminId);
  }

  /** The bean that stands for the check having passed. */
  record DefaultAdminPasswordChecked(String adminId) {}

  static void refuseDefaultAdminPasswordBeyondLoopback(String serverAddress, String adminId, boolean defaultPassword) {
    if (defaultPassword && !ApiSecurityConfiguration.isLoopback(serverAddress)) {
      throw new IllegalStateException("Refusing to start: server.address is "
          + (serverAddress == null || serverAddress.isBlank() ? "not set (all interfaces)" : "'" + serverAddress + "'")
          + " while user '" + adminId + "' still has the documented default password '" + DEFAULT_ADMIN_PASSWORD
          + "', which anyone can use. Either set server.address to 127.0.0.1 (or ::1 / localhost), or set a new "
          + "password: stop Flowline and run it once with FLOWLINE_ADMIN_RESET_PASSWORD=<new password> in the "
          + "environment (or --flowline.admin.reset-password=<new password>), see docs/operations.md; on a new "
          + "database, camunda.bpm.admin-user.password=<new password> sets it before the first start.");
    }
  }

  /** Compares with the stored hash directly: a checkPassword here would count as a login attempt. */
  static boolean hasPassword(ProcessEngine engine, String userId, String password) {
    UserEntity user = (UserEntity) engine.getIdentityService().createUserQuery().userId(userId).singleResult();
    if (user == null || user.getPassword() == null) {
      return false;
    }
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
    return configuration.getPasswordManager().check(EncryptionUtil.saltPassword(password, user.getSalt()),
        user.getPassword());
  }
}

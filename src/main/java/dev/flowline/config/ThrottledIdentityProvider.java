package dev.flowline.config;

import dev.flowline.login.LoginThrottle;
import org.camunda.bpm.engine.impl.identity.db.DbIdentityServiceProvider;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;

/**
 * Camunda's own user store with every password check going through Flowline's {@link LoginThrottle}: the one
 * place all surfaces (webapp login, /engine-rest, git, action logs) meet, whatever their authentication code.
 */
class ThrottledIdentityProvider extends DbIdentityServiceProvider {
  private final LoginThrottle throttle;

  ThrottledIdentityProvider(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  public boolean checkPassword(String userId, String password) {
    if (userId == null || password == null) {
      return false;
    }
    return throttle.checkPassword(userId, () -> super.checkPassword(userId, password));
  }

  /** The engine's identity provider session: one provider per command context, as Camunda's own factory. */
  static SessionFactory sessionFactory(LoginThrottle throttle) {
    return new SessionFactory() {
      @Override
      public Class<?> getSessionType() {
        return ThrottledIdentityProvider.class;
      }

      @Override
      public Session openSession() {
        return new ThrottledIdentityProvider(throttle);
      }
    };
  }
}

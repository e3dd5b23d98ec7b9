package dev.flowline.login;

import dev.flowline.login.LoginThrottle.Verdict;
import java.util.function.Consumer;

/**
 * The request a password check on this thread belongs to: its source address, and what to tell the caller when
 * the throttle refuses. Opened by {@link LoginThrottleFilter} around every request of a login surface; a password
 * check outside any (a surface the filter does not cover) counts under the address {@code unknown}.
 */
public final class LoginAttempt implements AutoCloseable {
  static final String UNKNOWN_ADDRESS = "unknown";
  private static final ThreadLocal<LoginAttempt> CURRENT = new ThreadLocal<>();

  private final String address;
  private final Consumer<Verdict> onRefused;
  private final LoginAttempt enclosing;

  private LoginAttempt(String address, Consumer<Verdict> onRefused, LoginAttempt enclosing) {
    this.address = address;
    this.onRefused = onRefused;
    this.enclosing = enclosing;
  }

  static LoginAttempt open(String address, Consumer<Verdict> onRefused) {
    LoginAttempt attempt = new LoginAttempt(address, onRefused, CURRENT.get());
    CURRENT.set(attempt);
    return attempt;
  }

  static String currentAddress() {
    LoginAttempt attempt = CURRENT.get();
    return attempt == null ? UNKNOWN_ADDRESS : attempt.address;
  }

  static void refused(Verdict verdict) {
    LoginAttempt attempt = CURRENT.get();
    if (attempt != null) {
      attempt.onRefused.accept(verdict);
    }
  }

  @Override
  public void close() {
    if (enclosing == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(enclosing);
    }
  }
}

package dev.flowline.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.login.LoginThrottle.Verdict;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The throttle's policy on a clock the test moves. */
class LoginThrottleTest {

  static final class TestClock extends Clock {
    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final TestClock clock = new TestClock();

  static LoginProperties settings(int freeFailures, int addressFreeFailures, int userLockFailures, int maxEntries) {
    return new LoginProperties(freeFailures, addressFreeFailures, Duration.ofSeconds(1), Duration.ofSeconds(8),
        userLockFailures, Duration.ofSeconds(60), Duration.ofSeconds(240), Duration.ofHours(1), maxEntries);
  }

  final LoginThrottle throttle = new LoginThrottle(settings(3, 100, 1000, 1000), clock);

  /** One password check through the throttle from {@code address}: true when the password was checked. */
  boolean attempt(LoginThrottle throttle, String user, String address, boolean right) {
    try (LoginAttempt ignored = LoginAttempt.open(address, verdict -> { })) {
      AtomicInteger checked = new AtomicInteger();
      throttle.checkPassword(user, () -> {
        checked.incrementAndGet();
        return right;
      });
      return checked.get() == 1;
    }
  }

  @Test
  @DisplayName("failures of one user from one address beyond the free ones make the pair wait, doubling up to the maximum")
  void pairWaitsDoubling() {
    for (int i = 0; i < 3; i++) {
      assertThat(attempt(throttle, "admin", "10.0.0.1", false)).isTrue();
    }
    assertThat(throttle.check("admin", "10.0.0.1").allowed()).isTrue();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      assertThat(attempt(throttle, "admin", "10.0.0.1", false)).as("attempt after the wait is checked").isTrue();
      Verdict verdict = throttle.check("admin", "10.0.0.1");
      assertThat(verdict.allowed()).isFalse();
      assertThat(attempt(throttle, "admin", "10.0.0.1", true)).as("refused without checking, even right").isFalse();
      waits.add(verdict.retryAfter().toSeconds());
      clock.advance(verdict.retryAfter());
    }
    assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 8L, 8L);
  }

  @Test
  @DisplayName("after the wait the right password is accepted and the pair starts afresh with its free failures")
  void rightPasswordAfterWaitResets() {
    for (int i = 0; i < 5; i++) {
      attempt(throttle, "admin", "10.0.0.1", false);
    }
    clock.advance(throttle.check("admin", "10.0.0.1").retryAfter());

    assertThat(attempt(throttle, "admin", "10.0.0.1", true)).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(attempt(throttle, "admin", "10.0.0.1", false)).isTrue();
    }
    assertThat(throttle.check("admin", "10.0.0.1").allowed()).isTrue();
  }

  @Test
  @DisplayName("an attacker at one address slows himself: the same user at another address is not slowed")
  void attackerSlowsOnlyHimself() {
    for (int i = 0; i < 10; i++) {
      attempt(throttle, "admin", "10.0.0.66", false);
    }
    assertThat(throttle.check("admin", "10.0.0.66").allowed()).isFalse();
    assertThat(throttle.check("admin", "10.0.0.1").allowed()).isTrue();
    assertThat(attempt(throttle, "admin", "10.0.0.1", true)).isTrue();
  }

  @Test
  @DisplayName("one address spraying many user names waits as an address, whatever name it tries next")
  void addressSprayWaits() {
    LoginThrottle throttle = new LoginThrottle(settings(3, 10, 1000, 1000), clock);
    for (int i = 0; i < 10; i++) {
      assertThat(attempt(throttle, "user" + i, "10.0.0.66", false)).isTrue();
    }
    attempt(throttle, "user10", "10.0.0.66", false);

    assertThat(throttle.check("someone-else", "10.0.0.66").allowed()).isFalse();
    assertThat(throttle.check("someone-else", "10.0.0.7").allowed()).isTrue();
  }

  @Test
  @DisplayName("a flood against one user from many addresses locks the user for a while, doubling up to user-lock-max")
  void userFloodLocksTemporarily() {
    LoginThrottle throttle = new LoginThrottle(settings(3, 100, 10, 1000), clock);
    List<Long> locks = new ArrayList<>();
    for (int round = 0; round < 4; round++) {
      for (int i = 0; i < 10; i++) {
        attempt(throttle, "admin", "10.1." + round + "." + i, false);
      }
      Verdict verdict = throttle.check("admin", "10.9.9.9");
      assertThat(verdict.allowed()).isFalse();
      locks.add(verdict.retryAfter().toSeconds());
      clock.advance(verdict.retryAfter());
      assertThat(throttle.check("admin", "10.9.9.9").allowed()).as("lock over").isTrue();
    }
    assertThat(locks).containsExactly(60L, 120L, 240L, 240L);
    assertThat(attempt(throttle, "admin", "10.9.9.9", true)).isTrue();
  }

  @Test
  @DisplayName("the user lock does not hold back an address that logged in as that user lately")
  void trustedAddressPassesUserLock() {
    LoginThrottle throttle = new LoginThrottle(settings(3, 100, 10, 1000), clock);
    assertThat(attempt(throttle, "admin", "10.0.0.1", true)).isTrue();
    for (int i = 0; i < 10; i++) {
      attempt(throttle, "admin", "10.1.0." + i, false);
    }

    assertThat(throttle.check("admin", "10.9.9.9").allowed()).isFalse();
    assertThat(attempt(throttle, "admin", "10.0.0.1", true)).isTrue();
  }

  @Test
  @DisplayName("concurrent attempts of one pair cannot all be checked before the first failure is counted")
  void concurrentAttemptsAreCountedBeforeTheCheck() throws Exception {
    LoginThrottle throttle = new LoginThrottle(settings(2, 100, 1000, 1000), clock);
    AtomicInteger checked = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          try (LoginAttempt ignored = LoginAttempt.open("10.0.0.66", verdict -> { })) {
            throttle.checkPassword("admin", () -> {
              checked.incrementAndGet();
              try {
                Thread.sleep(20);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              return false;
            });
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> future : futures) {
        future.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    // two free failures, then the third attempt sets the wait before its password is even checked
    assertThat(checked.get()).isEqualTo(3);
  }

  @Test
  @DisplayName("a spray of 20,000 user names from 20,000 addresses keeps at most max-entries keys per map")
  void stateStaysBounded() {
    LoginThrottle throttle = new LoginThrottle(settings(3, 3, 3, 500), clock);
    for (int i = 0; i < 20_000; i++) {
      attempt(throttle, "user" + i, "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255), false);
    }
    assertThat(throttle.entries()).isLessThanOrEqualTo(3 * 500);
  }

  @Test
  @DisplayName("everything is forgotten after forget-after without a failure")
  void forgetsAfterQuietTime() {
    for (int i = 0; i < 10; i++) {
      attempt(throttle, "admin", "10.0.0.66", false);
    }
    clock.advance(Duration.ofHours(1).plusSeconds(1));

    assertThat(throttle.check("admin", "10.0.0.66").allowed()).isTrue();
    for (int i = 0; i < 3; i++) {
      assertThat(attempt(throttle, "admin", "10.0.0.66", false)).isTrue();
    }
    assertThat(throttle.check("admin", "10.0.0.66").allowed()).isTrue();
  }

  @Test
  @DisplayName("source keys: IPv4 as it is, IPv6 by its /64, IPv4-mapped IPv6 as IPv4")
  void sourceKeys() {
    assertThat(LoginThrottle.sourceKey("192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(LoginThrottle.sourceKey("2001:db8:1:2:aaaa::1")).isEqualTo("2001:db8:1:2::/64")
        .isEqualTo(LoginThrottle.sourceKey("2001:db8:1:2:ffff:ffff:ffff:ffff"));
    assertThat(LoginThrottle.sourceKey("::ffff:192.0.2.7")).isEqualTo("192.0.2.7");
    assertThat(LoginThrottle.sourceKey(null)).isEqualTo("unknown");
  }
}

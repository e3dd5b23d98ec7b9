package dev.flowline.login;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Slows down password guessing, in memory, per Flowline node. Three counters, each forgotten after
 * {@link LoginProperties#forgetAfter()} without a change:
 * <ul>
 *   <li>per user and source address: after {@code freeFailures} failures the pair waits
 *       {@code baseDelay}, doubling with each further failure up to {@code maxDelay}. An attacker at one address
 *       slows only himself.</li>
 *   <li>per source address, whatever the user: the same with {@code addressFreeFailures}, against one address
 *       spraying many user names.</li>
 *   <li>per user, from any address: {@code userLockFailures} failures lock the user for {@code userLock}, doubling
 *       with each lock up to {@code userLockMax}, against a flood from many addresses. The lock never applies to
 *       an address that logged in as that user within {@code forgetAfter}, so the flood does not shut out the
 *       people already working; a new address waits at most {@code userLockMax}.</li>
 * </ul>
 * Nothing is permanent and nothing is stored: a restart forgets everything. Each map holds at most
 * {@code maxEntries} keys (Caffeine drops the least used first), so a spray of names or addresses cannot grow it.
 *
 * <p>A password check is {@link #begin}, then {@link #succeeded} or {@link #failed}. {@code begin} counts the
 * attempt as a failure of the pair and the address before the password is checked, so parallel attempts cannot
 * slip through before the first result is known; a success takes that back.
 */
public final class LoginThrottle {

  /** Whether a user may try a password from an address now, and if not, for how long not. */
  public record Verdict(boolean allowed, Duration retryAfter) {
    static final Verdict ALLOWED = new Verdict(true, Duration.ZERO);

    /** {@code Retry-After} in whole seconds, rounded up, at least 1. */
    public long retryAfterSeconds() {
      return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
  }

  private record Failures(int count, long waitUntil, long trustedUntil) {
    static final Failures NONE = new Failures(0, 0, 0);
  }

  private record UserFailures(int count, int locks, long lockedUntil) {
    static final UserFailures NONE = new UserFailures(0, 0, 0);
  }

  private static final String UNKNOWN = "unknown";
  /** Camunda's user ids are at most 64 characters; longer names cannot exist and share one key. */
  private static final int USER_KEY_LENGTH = 65;

  private final LoginProperties settings;
  private final Clock clock;
  private final Cache<String, Failures> pairs;
  private final Cache<String, Failures> addresses;
  private final Cache<String, UserFailures> users;

  public LoginThrottle(LoginProperties settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.pairs = cache();
    this.addresses = cache();
    this.users = cache();
  }

  private <V> Cache<String, V> cache() {
    return Caffeine.newBuilder()
        .maximumSize(settings.maxEntries())
        .expireAfterWrite(settings.forgetAfter())
        .ticker(() -> clock.millis() * 1_000_000L)
        .build();
  }

  /** Whether {@code user} may try a password from {@code address} now; changes nothing. */
  public synchronized Verdict check(String user, String address) {
    long now = clock.millis();
    String pairKey = pairKey(user, address);
    Failures pair = get(pairs, pairKey, Failures.NONE);
    long until = Math.max(pair.waitUntil(), get(addresses, address, Failures.NONE).waitUntil());
    if (pair.trustedUntil() <= now) {
      until = Math.max(until, get(users, userKey(user), UserFailures.NONE).lockedUntil());
    }
    return until > now ? new Verdict(false, Duration.ofMillis(until - now)) : Verdict.ALLOWED;
  }

  /**
   * Starts a password check: refused while the pair or the address waits or the user is locked (then nothing
   * changes); otherwise the attempt counts as a failure until {@link #succeeded} says otherwise.
   */
  // One lock for the whole decision: it is a few map operations, and the password hash is checked outside it.
  public synchronized Verdict begin(String user, String address) {
    Verdict verdict = check(user, address);
    if (!verdict.allowed()) {
      return verdict;
    }
    long now = clock.millis();
    pairs.asMap().compute(pairKey(user, address),
        (key, old) -> fail(old == null ? Failures.NONE : old, settings.freeFailures(), now));
    addresses.asMap().compute(address,
        (key, old) -> fail(old == null ? Failures.NONE : old, settings.addressFreeFailures(), now));
    return verdict;
  }

  /**
   * Checks a password through the throttle, for the source address of the {@link LoginAttempt} on this thread:
   * false without calling {@code passwordCheck} while the caller has to wait, else {@code passwordCheck}'s answer,
   * counted.
   */
  public boolean checkPassword(String user, BooleanSupplier passwordCheck) {
    String address = LoginAttempt.currentAddress();
    Verdict verdict = begin(user, address);
    if (!verdict.allowed()) {
      LoginAttempt.refused(verdict);
      return false;
    }
    boolean right = passwordCheck.getAsBoolean();
    if (right) {
      succeeded(user, address);
    } else {
      failed(user, address);
    }
    return right;
  }

  /** The password begun with {@link #begin} was right: the pair starts afresh and is trusted. */
  public synchronized void succeeded(String user, String address) {
    long now = clock.millis();
    pairs.put(pairKey(user, address), new Failures(0, 0, now + settings.forgetAfter().toMillis()));
    addresses.asMap().computeIfPresent(address, (key, old) -> old.count() <= 1
        ? new Failures(0, 0, old.trustedUntil())
        : new Failures(old.count() - 1, old.count() - 1 > settings.addressFreeFailures() ? old.waitUntil() : 0,
            old.trustedUntil()));
  }

  /** The password begun with {@link #begin} was wrong: it counts against the user, from any address. */
  public synchronized void failed(String user, String address) {
    long now = clock.millis();
    users.asMap().compute(userKey(user), (key, old) -> failUser(old == null ? UserFailures.NONE : old, now));
  }

  /** Keys remembered, pairs, addresses and users together (after Caffeine's pending evictions). */
  long entries() {
    pairs.cleanUp();
    addresses.cleanUp();
    users.cleanUp();
    return pairs.estimatedSize() + addresses.estimatedSize() + users.estimatedSize();
  }

  private Failures fail(Failures old, int free, long now) {
    int count = old.count() + 1;
    long waitUntil = count > free ? now + delay(settings.baseDelay(), settings.maxDelay(), count - free) : 0;
    return new Failures(count, waitUntil, old.trustedUntil());
  }

  private UserFailures failUser(UserFailures old, long now) {
    int count = old.count() + 1;
    if (count < settings.userLockFailures()) {
      return new UserFailures(count, old.locks(), old.lockedUntil());
    }
    int locks = old.locks() + 1;
    return new UserFailures(0, locks, now + delay(settings.userLock(), settings.userLockMax(), locks));
  }

  /** {@code base * 2^(n-1)}, at most {@code max}. */
  static long delay(Duration base, Duration max, int n) {
    long millis = base.toMillis() << Math.min(n - 1, 40);
    return millis <= 0 || millis > max.toMillis() ? max.toMillis() : millis;
  }

  private static <V> V get(Cache<String, V> cache, String key, V none) {
    V value = cache.getIfPresent(key);
    return value == null ? none : value;
  }

  private static String pairKey(String user, String address) {
    return userKey(user) + '\n' + address;
  }

  private static String userKey(String user) {
    return user.length() > USER_KEY_LENGTH ? user.substring(0, USER_KEY_LENGTH) : user;
  }

  /**
   * The key of a caller's address: IPv4 as it is, IPv6 by its /64 prefix (one subscriber usually has a whole
   * /64, so counting single IPv6 addresses would give an attacker 2^64 fresh starts).
   */
  public static String sourceKey(String remoteAddress) {
    if (remoteAddress == null || remoteAddress.isBlank()) {
      return UNKNOWN;
    }
    String address = remoteAddress.strip();
    if (address.indexOf(':') < 0) {
      return address;
    }
    try {
      // a literal with ':' is parsed, never looked up
      InetAddress parsed = InetAddress.getByName(address.startsWith("[") ? address : "[" + address + "]");
      if (!(parsed instanceof Inet6Address)) {
        return parsed.getHostAddress();
      }
      byte[] bytes = parsed.getAddress();
      StringBuilder prefix = new StringBuilder();
      for (int i = 0; i < 8; i += 2) {
        prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
      }
      return prefix.append(":/64").toString();
    } catch (UnknownHostException e) {
      return UNKNOWN;
    }
  }
}

package dev.flowline.login;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowline.login.*}: how failed password logins are slowed down (see docs/security.md, "Login").
 *
 * @param freeFailures failures of one user from one source address before that pair has to wait
 * @param addressFreeFailures failures from one source address, whatever the user, before the address has to wait
 * @param baseDelay the first wait; each further failure doubles it
 * @param maxDelay the longest wait of a pair or an address
 * @param userLockFailures failures against one user, from any address, that lock the user for addresses that have
 *     not logged in as that user lately
 * @param userLock the first lock of a user; each further lock doubles it
 * @param userLockMax the longest lock of a user: the bound a flood can impose on a new address's correct login
 * @param forgetAfter quiet time after which a pair, address or user is forgotten (and a success no longer trusted)
 * @param maxEntries the most pairs, addresses and users remembered (each); the least used are dropped beyond it
 */
@ConfigurationProperties("flowline.login")
public record LoginProperties(
    @DefaultValue("5") int freeFailures,
    @DefaultValue("20") int addressFreeFailures,
    @DefaultValue("1s") Duration baseDelay,
    @DefaultValue("10m") Duration maxDelay,
    @DefaultValue("20") int userLockFailures,
    @DefaultValue("1m") Duration userLock,
    @DefaultValue("15m") Duration userLockMax,
    @DefaultValue("1h") Duration forgetAfter,
    @DefaultValue("10000") int maxEntries) {

  public LoginProperties {
    if (freeFailures < 0 || addressFreeFailures < 0 || userLockFailures < 1 || maxEntries < 1) {
      throw new IllegalArgumentException("flowline.login: free-failures and address-free-failures must be >= 0, "
          + "user-lock-failures and max-entries >= 1");
    }
    if (baseDelay.isNegative() || baseDelay.isZero() || maxDelay.compareTo(baseDelay) < 0
        || userLock.isNegative() || userLock.isZero() || userLockMax.compareTo(userLock) < 0) {
      throw new IllegalArgumentException("flowline.login: base-delay and user-lock must be positive, "
          + "max-delay >= base-delay and user-lock-max >= user-lock");
    }
    if (forgetAfter.compareTo(maxDelay) < 0 || forgetAfter.compareTo(userLockMax) < 0) {
      throw new IllegalArgumentException("flowline.login.forget-after (" + forgetAfter + ") must be at least "
          + "max-delay and user-lock-max, or a wait would be forgotten before it ends");
    }
  }
}

package dev.flowline.config;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code flowline.connections.*}: connections to GitHub, GitLab and Bitbucket (docs/connections.md).
 *
 * @param key     base64 of 32 random bytes: the AES-256-GCM key tokens are encrypted with in the database; unset
 *                = a key generated once into {@code <data-dir>/connections.key}. Every node of a cluster needs
 *                the same key, so set it (or share the file) there.
 * @param gitUrls where a provider's git is reached instead of its public site, by provider type
 *                ({@code GitHub: https://github.example-proxy.internal}); empty by default
 * @param pollInterval how often connections' branches are polled with {@code git ls-remote}, for providers that
 *                     cannot reach Flowline's webhook receiver; zero (the default) = no polling
 */
@ConfigurationProperties("flowline.connections")
public record ConnectionsProperties(String key, Map<String, String> gitUrls, Duration pollInterval) {

  public ConnectionsProperties {
    gitUrls = gitUrls == null ? Map.of() : Map.copyOf(gitUrls);
    pollInterval = pollInterval == null ? Duration.ZERO : pollInterval;
  }
}

package dev.flowline.config;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code flowline.connections.*}: connections to GitHub, GitLab and Bitbucket (docs/connections.md).
 *
 * @param key     base64 of 32 random bytes: the AES-256-GCM key tokens are encrypted with in the database; unset
 *                = a key generated once into {@code <data-dir>/connections.key}. Every node of a cluster needs
 *                the same key, so set it (or share the file) there.
 * @param gitUrls where each public provider's git is reached, by provider type ({@code GitHub}, {@code GitLab},
 *                {@code Bitbucket}; any case): the public sites by default ({@link #PUBLIC_GIT_URLS}), a mirror,
 *                a proxy or a test's git server when set. Always holds all three after binding.
 * @param pollInterval how often connections' branches are polled with {@code git ls-remote}, for providers that
 *                     cannot reach Flowline's webhook receiver; zero (the default) = no polling
 */
@ConfigurationProperties("flowline.connections")
public record ConnectionsProperties(String key, Map<String, String> gitUrls, Duration pollInterval) {

  /** The defaults of {@code flowline.connections.git-urls.<provider>}: where the providers' git lives. */
  public static final Map<String, String> PUBLIC_GIT_URLS = Map.of(
      "GitHub", "https://github.com",
      "GitLab", "https://gitlab.com",
      "Bitbucket", "https://bitbucket.org");

  public ConnectionsProperties {
    Map<String, String> urls = new LinkedHashMap<>(PUBLIC_GIT_URLS);
    if (gitUrls != null) {
      gitUrls.forEach((provider, url) -> urls.put(PUBLIC_GIT_URLS.keySet().stream()
          .filter(p -> p.toLowerCase(Locale.ROOT).equals(provider.toLowerCase(Locale.ROOT))).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("flowline.connections.git-urls." + provider
              + ": not a provider with a public site (GitHub, GitLab, Bitbucket); a GitHubEnterpriseServer or "
              + "GitLabSelfManaged connection is reached through its host's ProviderEndpoint")), url));
    }
    gitUrls = Map.copyOf(urls);
    pollInterval = pollInterval == null ? Duration.ZERO : pollInterval;
  }

  /** Where {@code provider}'s ({@code GitHub}, {@code GitLab}, {@code Bitbucket}) git is reached. */
  public String gitUrl(String provider) {
    return gitUrls.get(provider);
  }
}

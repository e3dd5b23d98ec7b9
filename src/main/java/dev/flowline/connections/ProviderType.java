package dev.flowline.connections;

import java.util.Arrays;
import java.util.Optional;

/**
 * The providers a connection reaches, as CodeStar connections names them: where their git lives when no host
 * says otherwise, the user name their HTTPS git takes a token with, and the webhook dialect they speak.
 */
public enum ProviderType {
  GitHub("https://github.com", "x-access-token", WebhookDialect.GITHUB, false),
  GitHubEnterpriseServer(null, "x-access-token", WebhookDialect.GITHUB, true),
  GitLab("https://gitlab.com", "oauth2", WebhookDialect.GITLAB, false),
  GitLabSelfManaged(null, "oauth2", WebhookDialect.GITLAB, true),
  Bitbucket("https://bitbucket.org", "x-token-auth", WebhookDialect.BITBUCKET, false);

  /** How a provider signs and shapes its webhook deliveries. */
  public enum WebhookDialect { GITHUB, GITLAB, BITBUCKET }

  private final String publicGitUrl;
  private final String tokenUser;
  private final WebhookDialect dialect;
  private final boolean needsHost;

  ProviderType(String publicGitUrl, String tokenUser, WebhookDialect dialect, boolean needsHost) {
    this.publicGitUrl = publicGitUrl;
    this.tokenUser = tokenUser;
    this.dialect = dialect;
    this.needsHost = needsHost;
  }

  /** {@code https://github.com} etc.; null for the self-managed kinds, which live at their host's endpoint. */
  public String publicGitUrl() {
    return publicGitUrl;
  }

  /** The user name HTTPS git sends with a token when the connection was given none. */
  public String defaultTokenUser() {
    return tokenUser;
  }

  public WebhookDialect dialect() {
    return dialect;
  }

  /** GitHubEnterpriseServer and GitLabSelfManaged connections need a host (CreateHost) with the endpoint. */
  public boolean needsHost() {
    return needsHost;
  }

  public static Optional<ProviderType> of(String name) {
    return Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst();
  }
}

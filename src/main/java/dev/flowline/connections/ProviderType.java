package dev.flowline.connections;

import java.util.Arrays;
import java.util.Optional;

/**
 * The providers a connection reaches, as CodeStar connections names them: whether they need a host, the user
 * name their HTTPS git takes a token with, and the webhook dialect they speak. Where the public ones' git lives is
 * configuration ({@code flowline.connections.git-urls.*}, github.com etc. by default).
 */
public enum ProviderType {
  GitHub("x-access-token", WebhookDialect.GITHUB, false),
  GitHubEnterpriseServer("x-access-token", WebhookDialect.GITHUB, true),
  GitLab("oauth2", WebhookDialect.GITLAB, false),
  GitLabSelfManaged("oauth2", WebhookDialect.GITLAB, true),
  Bitbucket("x-token-auth", WebhookDialect.BITBUCKET, false);

  /** How a provider signs and shapes its webhook deliveries. */
  public enum WebhookDialect { GITHUB, GITLAB, BITBUCKET }

  private final String tokenUser;
  private final WebhookDialect dialect;
  private final boolean needsHost;

  ProviderType(String tokenUser, WebhookDialect dialect, boolean needsHost) {
    this.tokenUser = tokenUser;
    this.dialect = dialect;
    this.needsHost = needsHost;
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

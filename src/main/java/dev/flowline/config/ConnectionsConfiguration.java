package dev.flowline.config;

import dev.flowline.api.ApiProperties;
import dev.flowline.actions.source.CodeStarSourceConnectionExecutor;
import dev.flowline.actions.source.GitHubSourceExecutor;
import dev.flowline.connections.ConnectionSources;
import dev.flowline.connections.ConnectionStore;
import dev.flowline.connections.ProviderType;
import dev.flowline.connections.TokenCipher;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.engine.ExecutionService;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.triggers.ConnectionPoller;
import dev.flowline.triggers.GitHubHooks;
import dev.flowline.triggers.GitHubSourcePoller;
import dev.flowline.triggers.S3SourcePoller;
import java.time.Duration;
import dev.flowline.triggers.ConnectionTriggers;
import dev.flowline.triggers.PipelineWebhooks;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connections (issue 14): the store with its token cipher ({@link ConnectionsProperties}).
 *
 * <p>Security: the connections API is the AWS JSON endpoint's (SigV4, roles in docs/security.md); completing a
 * connection ({@code PUT /flowline/connections/{id}/token}) is behind Camunda's HTTP Basic login like every
 * {@code /flowline/*} path and needs the editors' role. The webhook receivers ({@code /webhooks/connections/*} of
 * connections, {@code /webhooks/pipeline/*} of V1 webhooks) are deliberately <b>not</b> behind a login — GitHub,
 * GitLab and Bitbucket cannot log in — and instead verify each delivery before reading it: with the connection's
 * webhook secret (HMAC-SHA256 signature or GitLab's token), or the V1 webhook's own authentication.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ConnectionsProperties.class)
public class ConnectionsConfiguration {

  /** The path of the webhook receiver, open to the internet by design (verified by signature, not by login). */
  public static final String WEBHOOK_PATH = "/webhooks/";

  @Bean
  TokenCipher connectionsTokenCipher(ConnectionsProperties properties, @Value("${flowline.data-dir:./data}") String dataDir) {
    return TokenCipher.of(properties.key(), Path.of(dataDir).resolve("connections.key"));
  }

  @Bean
  PipelineWebhooks pipelineWebhooks(JdbcTemplate jdbc, TokenCipher cipher) {
    return new PipelineWebhooks(jdbc, cipher, Clock.systemUTC());
  }

  @Bean
  ConnectionStore connectionStore(JdbcTemplate jdbc, TransactionTemplate transactions, ConnectionsProperties properties,
      ApiProperties api, TokenCipher cipher) {
    Map<ProviderType, String> gitUrls = new EnumMap<>(ProviderType.class);
    properties.gitUrls().forEach((provider, url) -> gitUrls.put(ProviderType.valueOf(provider), url));
    return new ConnectionStore(jdbc, transactions, cipher, api.region(), api.accountId(), gitUrls, Clock.systemUTC());
  }

  @Bean
  ConnectionPoller connectionPoller(ConnectionTriggers triggers, ConnectionStore store, JdbcTemplate jdbc,
      ConnectionsProperties properties) {
    return new ConnectionPoller(triggers, store, jdbc, properties.pollInterval(), Clock.systemUTC());
  }

  /** PollForSourceChanges of S3 sources: every {@code flowline.s3.poll-interval} (zero, the default: off). */
  @Bean
  S3SourcePoller s3SourcePoller(PipelineQueries pipelines, ExecutionService executions, ObjectStore objects,
      JdbcTemplate jdbc, @Value("${flowline.s3.poll-interval:0}") Duration interval) {
    return new S3SourcePoller(pipelines, executions, objects, jdbc, interval, Clock.systemUTC());
  }

  /** PollForSourceChanges of GitHub v1 sources, every {@code flowline.connections.poll-interval} (zero: off). */
  @Bean
  GitHubSourcePoller gitHubSourcePoller(PipelineQueries pipelines, ExecutionService executions, JdbcTemplate jdbc,
      ConnectionsProperties properties) {
    return new GitHubSourcePoller(pipelines, executions, jdbc, properties.gitUrl("GitHub"), properties.pollInterval(),
        Clock.systemUTC());
  }

  /** GitHub's REST API for RegisterWebhookWithThirdParty: {@code flowline.github.api-url} (GHES: https://host/api/v3). */
  @Bean
  GitHubHooks gitHubHooks(@Value("${flowline.github.api-url:https://api.github.com}") String apiUrl) {
    return new GitHubHooks(apiUrl);
  }

  @Bean
  CodeStarSourceConnectionExecutor codeStarSourceConnectionExecutor(ConnectionStore store) {
    return new CodeStarSourceConnectionExecutor(new ConnectionSources(store));
  }

  /** GitHub's git is {@code flowline.connections.git-urls.GitHub} (github.com unless a mirror or a test's server). */
  @Bean
  GitHubSourceExecutor gitHubSourceExecutor(ConnectionsProperties properties) {
    return new GitHubSourceExecutor(properties.gitUrl("GitHub"));
  }
}

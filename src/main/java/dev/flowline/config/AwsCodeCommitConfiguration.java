package dev.flowline.config;

import dev.flowline.actions.source.AwsCodeCommitRepositories;
import dev.flowline.engine.ExecutionService;
import dev.flowline.execution.PipelineQueries;
import dev.flowline.triggers.CodeCommitSourcePoller;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;

/**
 * The CodeCommit source on real AWS CodeCommit ({@code flowline.codecommit.use-aws=true}) instead of the repositories
 * Flowline hosts, and the polling that starts its pipelines there (docs/connections.md, docs/operations.md):
 * <ul>
 *   <li>{@code flowline.codecommit.region} (default {@code flowline.region}) and
 *       {@code flowline.codecommit.git-endpoint} (default {@code https://git-codecommit.<region>.amazonaws.com}):
 *       where the repositories are read, over HTTPS git with SigV4 git credentials from the SDK's default credentials
 *       chain, mirrored under {@code <data-dir>/codecommit};</li>
 *   <li>{@code flowline.codecommit.poll-interval} (default {@code 1m}; zero = off): how often each branch that a
 *       CodeCommit source with {@code PollForSourceChanges} (absent = true) reads is looked at.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flowline.codecommit.use-aws", havingValue = "true")
public class AwsCodeCommitConfiguration {

  private final String region;

  public AwsCodeCommitConfiguration(@Value("${flowline.codecommit.region:}") String codeCommitRegion,
      @Value("${flowline.region:us-east-1}") String region) {
    this.region = codeCommitRegion.isBlank() ? region : codeCommitRegion.strip();
  }

  @Bean
  AwsCodeCommitRepositories awsCodeCommitRepositories(@Value("${flowline.codecommit.git-endpoint:}") String gitEndpoint,
      @Value("${flowline.data-dir:./data}") String dataDir) {
    URI endpoint = gitEndpoint.isBlank()
        ? AwsCodeCommitRepositories.defaultEndpoint(region) : URI.create(gitEndpoint.strip());
    return new AwsCodeCommitRepositories(endpoint, region, DefaultCredentialsProvider.builder().build(),
        Path.of(dataDir).toAbsolutePath().normalize().resolve("codecommit"), Clock.systemUTC());
  }

  @Bean
  CodeCommitSourcePoller codeCommitSourcePoller(PipelineQueries pipelines, ExecutionService executions,
      AwsCodeCommitRepositories repositories, JdbcTemplate jdbc,
      @Value("${flowline.codecommit.poll-interval:1m}") Duration interval) {
    return new CodeCommitSourcePoller(pipelines, executions, repositories::branchHead, region, jdbc, interval,
        Clock.systemUTC());
  }
}

package dev.flowline.actions.aws;

import dev.flowline.actions.ActionConfig;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * Where the AWS calls of an action go, for every AWS provider alike.
 * <ul>
 *   <li>Region: the action's {@code region}, else the default region Flowline is configured with.</li>
 *   <li>Credentials: the ones this factory is given (the SDK's default chain in production); when the action
 *       declares a {@code roleArn}, or the pipeline does and {@code assumePipelineRole} is on, that role assumed
 *       through STS with those credentials (one session per role and region, refreshed by the SDK).</li>
 *   <li>Endpoint: the override configured for the service (keyed by the SDK's service id: {@code cloudformation},
 *       {@code sfn}, {@code ecr}, {@code sns}, {@code sts}, ...), else the one override for all services, else
 *       AWS's own endpoint for the region.</li>
 * </ul>
 * A client is built on first use, kept per (service, region, role) and closed with the factory: nothing is
 * resolved or called before a provider asks for a client, so a Flowline whose pipelines use no AWS provider
 * never reaches a network address. Thread-safe.
 */
public final class AwsClients implements AutoCloseable {

  private static final Set<String> KNOWN_REGIONS =
      Region.regions().stream().map(Region::id).collect(Collectors.toUnmodifiableSet());

  private final String defaultRegion;
  private final Map<String, URI> endpoints;
  private final URI endpoint;
  private final boolean assumePipelineRole;
  private final AwsCredentialsProvider credentials;
  private final Map<List<String>, AutoCloseable> clients = new ConcurrentHashMap<>();

  /**
   * @param endpoints          service id -> endpoint override
   * @param endpoint           the override for every service without its own, or null for AWS
   * @param assumePipelineRole whether an action without its own role runs as the pipeline's role
   */
  public AwsClients(String defaultRegion, Map<String, URI> endpoints, URI endpoint, boolean assumePipelineRole,
      AwsCredentialsProvider credentials) {
    this.defaultRegion = defaultRegion;
    this.endpoints = Map.copyOf(endpoints);
    this.endpoint = endpoint;
    this.assumePipelineRole = assumePipelineRole;
    this.credentials = credentials;
  }

  /**
   * The client of {@code service} for the job's region and role.
   *
   * @throws IllegalArgumentException when the region is not an AWS region and the service has no endpoint override
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(String service, Supplier<B> builder,
      ActionJob job) {
    String role = job.roleArn() != null ? job.roleArn() : assumePipelineRole ? job.pipelineRoleArn() : null;
    return client(service, builder, region(job), role);
  }

  /**
   * The preamble of an AWS action: {@code requiredKeys} are given and the client of {@code service} for the job's
   * region and role can be built. Otherwise the ConfigurationError CodePipeline reports, with AWS's message
   * ("Action configuration is missing required configuration 'X'", "Unknown region 'r'").
   */
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> CheckedClient<C> checked(
      ActionJob job, String service, Supplier<B> builder, String... requiredKeys) {
    Optional<ActionResult.Failed> missing = ActionConfig.missing(job, requiredKeys);
    if (missing.isPresent()) {
      return new CheckedClient<>(null, missing.get());
    }
    try {
      return new CheckedClient<>(client(service, builder, job), null);
    } catch (IllegalArgumentException e) {
      return new CheckedClient<>(null, ActionResult.Failed.configurationError(e.getMessage()));
    }
  }

  /** The client of {@code service} in {@code region}, as {@code roleArn} when not null. */
  @SuppressWarnings("unchecked")
  public <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C extends SdkClient> C client(String service, Supplier<B> builder,
      String region, String roleArn) {
    URI override = endpoint(service);
    if (override == null && !KNOWN_REGIONS.contains(region)) {
      throw new IllegalArgumentException("Unknown region '" + region + "'");
    }
    List<String> key = List.of(service, region, roleArn == null ? "" : roleArn);
    return (C) clients.computeIfAbsent(key, k ->
        configure(builder.get(), override, region, roleArn == null ? credentials : role(region, roleArn)).build());
  }

  /** The action's region, or the default one. */
  public String region(ActionJob job) {
    return job.region() == null || job.region().isBlank() ? defaultRegion : job.region();
  }

  /**
   * Sets region, credentials, endpoint (when not null) and Flowline's HTTP client on any SDK v2 client builder:
   * the one recipe every AWS client of Flowline is built with.
   */
  public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, URI endpoint, String region,
      AwsCredentialsProvider credentials) {
    builder.region(Region.of(region)).credentialsProvider(credentials);
    builder.httpClientBuilder(UrlConnectionHttpClient.builder());
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder;
  }

  private URI endpoint(String service) {
    return endpoints.getOrDefault(service, endpoint);
  }

  private AwsCredentialsProvider role(String region, String roleArn) {
    StsClient sts = client("sts", StsClient::builder, region, null);
    List<String> key = List.of("sts-role", region, roleArn);
    StsAssumeRoleCredentialsProvider assumed = (StsAssumeRoleCredentialsProvider) clients.computeIfAbsent(key, k ->
        StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
            .refreshRequest(r -> r.roleArn(roleArn).roleSessionName("flowline")).build());
    return new NamedRole(assumed, roleArn);
  }

  @Override
  public void close() {
    for (AutoCloseable client : clients.values()) {
      try {
        client.close();
      } catch (Exception e) {
        // closing is best effort: a client that cannot close holds nothing we still need
      }
    }
    clients.clear();
  }

  /** A role's credentials whose failure names the role, so the action's message says which role could not be assumed. */
  private record NamedRole(AwsCredentialsProvider delegate, String roleArn) implements AwsCredentialsProvider {
    @Override
    public AwsCredentials resolveCredentials() {
      try {
        return delegate.resolveCredentials();
      } catch (SdkException e) {
        throw SdkClientException.create("Could not assume role " + roleArn + ": " + AwsErrors.message(e), e);
      }
    }
  }
}

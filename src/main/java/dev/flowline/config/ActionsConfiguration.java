package dev.flowline.config;

import dev.flowline.actions.ActionExecutor;
import dev.flowline.actions.ActionExecutorRegistry;
import dev.flowline.actions.ActionLogs;
import dev.flowline.actions.BuiltInActionTypes;
import dev.flowline.actions.LocalActionContextFactory;
import dev.flowline.actions.aws.AwsClients;
import dev.flowline.actions.build.AwsCodeBuild;
import dev.flowline.actions.build.CodeBuildBackend;
import dev.flowline.actions.build.CodeBuildClients;
import dev.flowline.actions.build.CodeBuildExecutor;
import dev.flowline.actions.build.LocalCodeBuild;
import dev.flowline.actions.compute.CommandsExecutor;
import dev.flowline.actions.deploy.CloudFormationExecutor;
import dev.flowline.actions.deploy.CodeDeployExecutor;
import dev.flowline.actions.deploy.CodeDeployToEcsExecutor;
import dev.flowline.actions.deploy.EcsDeployExecutor;
import dev.flowline.actions.deploy.CloudFormationStackInstancesExecutor;
import dev.flowline.actions.deploy.CloudFormationStackSetExecutor;
import dev.flowline.actions.deploy.ElasticBeanstalkExecutor;
import dev.flowline.actions.deploy.S3DeployExecutor;
import dev.flowline.actions.JobHandOff;
import dev.flowline.actions.approval.ApprovalNotifications;
import dev.flowline.actions.invoke.LambdaInvokeExecutor;
import dev.flowline.actions.invoke.StepFunctionsExecutor;
import dev.flowline.actions.s3.LocalBucketObjectStore;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.actions.s3.S3ObjectStore;
import dev.flowline.actions.sandbox.Sandbox;
import dev.flowline.actions.sandbox.SandboxProperties;
import dev.flowline.actions.source.AwsCodeCommitRepositories;
import dev.flowline.actions.source.CodeCommitSourceExecutor;
import dev.flowline.actions.source.EcrSourceExecutor;
import dev.flowline.actions.source.S3SourceExecutor;
import dev.flowline.codecommit.HostedRepositories;
import dev.flowline.artifacts.ArtifactLimits;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.artifacts.LocalDirectoryArtifactStore;
import dev.flowline.artifacts.S3ArtifactStore;
import dev.flowline.artifacts.S3Clients;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import dev.flowline.engine.jobs.JobProperties;
import dev.flowline.pipeline.ActionTypeSpec;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Wires the action executors and their backends.
 * <ul>
 *   <li>{@code flowline.data-dir} (default {@code ./data}): artifacts, S3 buckets, workspaces and logs live below it.</li>
 *   <li>{@code flowline.artifacts.store}: {@code local} (default, {@code <data-dir>/artifacts}) or {@code s3}.</li>
 *   <li>{@code flowline.artifacts.max-inflated-size / max-files}: how far an input artifact may unpack, see
 *       {@link ArtifactLimits}.</li>
 *   <li>{@code flowline.s3.endpoint}: empty (default) = S3 buckets for the S3 actions are directories under
 *       {@code <data-dir>/s3}; set = an S3-compatible endpoint, path-style, in {@code flowline.s3.region}
 *       (default us-east-1), with the SDK's default credentials chain.</li>
 *   <li>{@code flowline.codebuild.*}: the CodeBuild actions' backend, see {@link CodeBuildProperties}.</li>
 *   <li>{@code flowline.aws.*}: region, endpoints and roles of the AWS providers, see {@link AwsProperties}.</li>
 *   <li>{@code flowline.codecommit.use-aws} (default false): the CodeCommit source reads the repositories Flowline
 *       hosts; true = real CodeCommit, see {@link AwsCodeCommitConfiguration}.</li>
 *   <li>{@code flowline.sandbox.*}: how user commands are confined, see {@link SandboxProperties}.</li>
 * </ul>
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CodeBuildProperties.class, ArtifactLimits.class, SandboxProperties.class,
    AwsProperties.class})
public class ActionsConfiguration {

  private static final Logger log = LoggerFactory.getLogger(ActionsConfiguration.class);

  private static final String USES_S3 =
      "!'${flowline.s3.endpoint:}'.isBlank() or '${flowline.artifacts.store:local}' == 's3'";

  private final Path dataDir;
  private final String s3Endpoint;
  private final String s3Region;
  private final String artifactStoreKind;

  public ActionsConfiguration(
      @Value("${flowline.data-dir:./data}") String dataDir,
      @Value("${flowline.s3.endpoint:}") String s3Endpoint,
      @Value("${flowline.s3.region:us-east-1}") String s3Region,
      @Value("${flowline.artifacts.store:local}") String artifactStoreKind) {
    if (!artifactStoreKind.equals("local") && !artifactStoreKind.equals("s3")) {
      throw new IllegalStateException("flowline.artifacts.store must be 'local' or 's3', not '" + artifactStoreKind + "'");
    }
    this.dataDir = Path.of(dataDir).toAbsolutePath().normalize();
    this.s3Endpoint = s3Endpoint.strip();
    this.s3Region = s3Region;
    this.artifactStoreKind = artifactStoreKind;
  }

  @Bean(destroyMethod = "close")
  @ConditionalOnExpression(USES_S3)
  S3Client flowlineS3Client() {
    URI endpoint = s3Endpoint.isEmpty() ? null : URI.create(s3Endpoint);
    return S3Clients.create(endpoint, s3Region, DefaultCredentialsProvider.builder().build());
  }

  @Bean
  ArtifactStore artifactStore(ObjectProvider<S3Client> s3) {
    return artifactStoreKind.equals("s3")
        ? new S3ArtifactStore(s3.getObject())
        : new LocalDirectoryArtifactStore(dataDir.resolve("artifacts"));
  }

  @Bean
  ObjectStore objectStore(ObjectProvider<S3Client> s3) {
    return s3Endpoint.isEmpty() ? new LocalBucketObjectStore(dataDir.resolve("s3")) : new S3ObjectStore(s3.getObject());
  }

  @Bean
  Sandbox sandbox(SandboxProperties settings) {
    Sandbox sandbox = Sandbox.of(settings);
    if (!settings.enabled()) {
      log.warn("""
          ******************************************************************************************
          flowline.sandbox.enabled=false: Commands and CodeBuild actions run UNCONFINED as the server's
          user. Every command can read the database, every pipeline's artifacts and the server's
          environment, and signal the server. Only for a machine where every pipeline author is trusted.
          ******************************************************************************************""");
    } else {
      sandbox.unavailable().ifPresent(problem -> log.warn("Commands and CodeBuild actions will fail: {}", problem));
    }
    return sandbox;
  }

  @Bean
  CommandsExecutor commandsExecutor(Sandbox sandbox) {
    return new CommandsExecutor(sandbox);
  }

  @Bean
  S3SourceExecutor s3SourceExecutor(ObjectStore objectStore) {
    return new S3SourceExecutor(objectStore);
  }

  /** On CodeCommit in AWS when {@code flowline.codecommit.use-aws} ({@link AwsCodeCommitConfiguration}), else hosted. */
  @Bean
  CodeCommitSourceExecutor codeCommitSourceExecutor(ObjectProvider<HostedRepositories> hosted,
      ObjectProvider<AwsCodeCommitRepositories> inAws) {
    AwsCodeCommitRepositories aws = inAws.getIfAvailable();
    if (aws != null) {
      return new CodeCommitSourceExecutor(aws);
    }
    // Looked up per job: the hosted repositories are wired with git hosting (GitHostingConfiguration).
    return new CodeCommitSourceExecutor(name -> hosted.getObject().gitDirectory(name));
  }

  @Bean
  S3DeployExecutor s3DeployExecutor(ObjectStore objectStore) {
    return new S3DeployExecutor(objectStore);
  }

  @Bean
  CodeBuildBackend codeBuildBackend(CodeBuildProperties codebuild, Sandbox sandbox,
      @Value("${flowline.region:us-east-1}") String region,
      @Value("${flowline.account-id:123456789012}") String accountId) {
    if (codebuild.usesAws()) {
      String codebuildRegion = codebuild.region() == null || codebuild.region().isBlank() ? region : codebuild.region();
      return new AwsCodeBuild(CodeBuildClients.create(codebuild.endpointUri(), codebuildRegion,
          DefaultCredentialsProvider.builder().build()), codebuild.recheckAfter());
    }
    return new LocalCodeBuild(dataDir.resolve("codebuild"), codebuild.buildspecs(), accountId, region, sandbox);
  }

  /** Built at startup, but it builds no client and resolves no credentials until an AWS provider runs. */
  @Bean(destroyMethod = "close")
  AwsClients awsClients(AwsProperties aws, @Value("${flowline.region:us-east-1}") String region) {
    return new AwsClients(aws.regionOr(region), aws.endpointUris(), aws.endpointUri(), aws.assumePipelineRole(),
        DefaultCredentialsProvider.builder().build());
  }

  @Bean
  CloudFormationExecutor cloudFormationExecutor(AwsClients clients, AwsProperties aws) {
    return new CloudFormationExecutor(clients, aws.recheckAfter());
  }

  @Bean
  EcrSourceExecutor ecrSourceExecutor(AwsClients clients) {
    return new EcrSourceExecutor(clients);
  }

  @Bean
  StepFunctionsExecutor stepFunctionsExecutor(AwsClients clients, AwsProperties aws) {
    return new StepFunctionsExecutor(clients, aws.recheckAfter());
  }

  // AWS deploy providers (issue 13): ECS, CodeDeploy, CodeDeployToECS
  @Bean
  EcsDeployExecutor ecsDeployExecutor(AwsClients clients, AwsProperties aws) {
    return new EcsDeployExecutor(clients, aws.recheckAfter());
  }

  @Bean
  CodeDeployExecutor codeDeployExecutor(AwsClients clients, AwsProperties aws) {
    return new CodeDeployExecutor(clients, aws.recheckAfter());
  }

  @Bean
  CodeDeployToEcsExecutor codeDeployToEcsExecutor(AwsClients clients, AwsProperties aws) {
    return new CodeDeployToEcsExecutor(clients, aws.recheckAfter());
  }

  @Bean
  CodeBuildExecutor codeBuildBuildExecutor(CodeBuildBackend codeBuild) {
    return CodeBuildExecutor.build(codeBuild);
  }

  @Bean
  CodeBuildExecutor codeBuildTestExecutor(CodeBuildBackend codeBuild) {
    return CodeBuildExecutor.test(codeBuild);
  }

  /** Approval notifications (NotificationArn): links in them point at {@code flowline.console-url}. */
  @Bean
  ApprovalNotifications approvalNotifications(AwsClients clients, @Value("${flowline.region:us-east-1}") String region,
      @Value("${flowline.console-url:http://127.0.0.1:8080}") String consoleUrl) {
    return new ApprovalNotifications(clients, region, consoleUrl.strip());
  }

  @Bean
  LambdaInvokeExecutor lambdaInvokeExecutor(AwsClients clients) {
    return new LambdaInvokeExecutor(clients);
  }

  /**
   * The engine handles the manual approval itself; the hand-off types (Lambda) and the configured partner types
   * (ThirdParty) are served through the job protocol, not by the in-process worker.
   */
  @Bean
  ActionExecutorRegistry actionExecutorRegistry(List<ActionExecutor> executors, List<JobHandOff> handOffs,
      ObjectProvider<JobProperties> jobs) {
    List<ActionTypeSpec> engineHandled = new ArrayList<>(List.of(BuiltInActionTypes.MANUAL_APPROVAL));
    handOffs.forEach(handOff -> engineHandled.add(handOff.type()));
    jobs.ifAvailable(properties -> properties.thirdPartyActionTypes().forEach(type -> engineHandled.add(type.spec())));
    return new ActionExecutorRegistry(executors, engineHandled);
  }

  @Bean
  ActionLogs actionLogs() {
    return new ActionLogs(dataDir);
  }

  @Bean
  LocalActionContextFactory localActionContextFactory(ArtifactStore artifactStore, ArtifactLimits limits,
      ObjectProvider<Clock> clock) {
    return new LocalActionContextFactory(dataDir, artifactStore, limits, clock.getIfAvailable(Clock::systemUTC));
  }

  // aws-more: Elastic Beanstalk and CloudFormation stack set deploy providers
  @Bean
  ElasticBeanstalkExecutor elasticBeanstalkExecutor(AwsClients clients, AwsProperties aws) {
    return new ElasticBeanstalkExecutor(clients, aws.recheckAfter());
  }

  @Bean
  CloudFormationStackSetExecutor cloudFormationStackSetExecutor(AwsClients clients, AwsProperties aws) {
    return new CloudFormationStackSetExecutor(clients, aws.recheckAfter());
  }

  @Bean
  CloudFormationStackInstancesExecutor cloudFormationStackInstancesExecutor(AwsClients clients, AwsProperties aws) {
    return new CloudFormationStackInstancesExecutor(clients, aws.recheckAfter());
  }
}

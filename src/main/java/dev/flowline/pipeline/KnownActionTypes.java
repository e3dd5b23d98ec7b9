package dev.flowline.pipeline;

import dev.flowline.pipeline.ActionTypeSpec.ConfigurationProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The action types AWS CodePipeline itself offers: which category each provider is published under, how
 * many input and output artifacts it takes, the configuration keys CreatePipeline requires, whether only V2
 * pipelines may use it, and its default timeout. This is what AWS knows, not what this Flowline can run
 * (that is the {@link ActionTypeCatalog}); validation uses it to tell "AWS has this type, Flowline has no
 * executor for it" apart from "no such type".
 */
public final class KnownActionTypes {

  /** Providers CreatePipeline refuses on a V1 pipeline. */
  public static final Set<String> V2_ONLY_PROVIDERS = Set.of("Commands", "ECRBuildAndPublish", "EKS");

  private static final Duration HOUR = Duration.ofHours(1);
  private static final Map<ActionTypeId, ActionTypeSpec> TYPES = new LinkedHashMap<>();

  static {
    aws("Source", "S3", 0, 0, 1, 1, HOUR, req("S3Bucket", "S3ObjectKey"), opt("PollForSourceChanges"));
    aws("Source", "CodeCommit", 0, 0, 1, 1, HOUR, req("RepositoryName", "BranchName"),
        opt("PollForSourceChanges", "OutputArtifactFormat"));
    aws("Source", "ECR", 0, 0, 1, 1, HOUR, req("RepositoryName"), opt("ImageTag"));
    aws("Source", "CodeStarSourceConnection", 0, 0, 1, 1, HOUR,
        req("ConnectionArn", "FullRepositoryId", "BranchName"), opt("OutputArtifactFormat", "DetectChanges"));
    add(ActionTypeId.of("Source", "ThirdParty", "GitHub", "1"), 0, 0, 1, 1, HOUR,
        List.of(required("Owner"), required("Repo"), required("Branch"),
            new ConfigurationProperty("OAuthToken", true, true, "GitHub personal access token"),
            optional("PollForSourceChanges")));
    for (String category : List.of("Build", "Test")) {
      aws(category, "CodeBuild", 1, 5, 0, 5, Duration.ofHours(8), req("ProjectName"),
          opt("PrimarySource", "BatchEnabled", "CombineArtifacts", "EnvironmentVariables"));
    }
    aws("Build", "ECRBuildAndPublish", 1, 1, 0, 0, HOUR, req("ECRRepositoryName"),
        opt("DockerFilePath", "ImageTags", "RegistryType"));
    aws("Compute", "Commands", 1, 10, 0, 1, HOUR, List.of(), List.of());
    aws("Build", "Commands", 1, 10, 0, 1, HOUR, List.of(), List.of());
    aws("Test", "DeviceFarm", 1, 1, 0, 0, HOUR,
        req("AppType", "ProjectId", "App", "AppiumVersion", "DevicePoolArn", "TestType"), List.of());
    aws("Approval", "Manual", 0, 0, 0, 0, Duration.ofDays(7), List.of(),
        opt("NotificationArn", "ExternalEntityLink", "CustomData"));
    aws("Deploy", "S3", 1, 1, 0, 0, Duration.ofMinutes(90), req("BucketName", "Extract"),
        opt("ObjectKey", "KMSEncryptionKeyARN", "CannedACL", "CacheControl"));
    aws("Deploy", "CloudFormation", 0, 10, 0, 1, Duration.ofDays(3), req("ActionMode", "StackName"),
        opt("Capabilities", "ChangeSetName", "RoleArn", "TemplatePath", "OutputFileName", "ParameterOverrides",
            "TemplateConfiguration"));
    aws("Deploy", "CloudFormationStackSet", 1, 10, 0, 0, Duration.ofDays(3), List.of(), List.of());
    aws("Deploy", "CloudFormationStackInstances", 0, 10, 0, 0, Duration.ofDays(3), List.of(), List.of());
    aws("Deploy", "CodeDeploy", 1, 1, 0, 0, Duration.ofDays(5), req("ApplicationName", "DeploymentGroupName"),
        List.of());
    aws("Deploy", "CodeDeployToECS", 1, 5, 0, 0, Duration.ofDays(5),
        req("ApplicationName", "DeploymentGroupName", "TaskDefinitionTemplateArtifact", "AppSpecTemplateArtifact"),
        opt("AppSpecTemplatePath", "TaskDefinitionTemplatePath", "Image1ArtifactName", "Image1ContainerName",
            "Image2ArtifactName", "Image2ContainerName", "Image3ArtifactName", "Image3ContainerName",
            "Image4ArtifactName", "Image4ContainerName"));
    aws("Deploy", "EC2", 1, 1, 0, 0, HOUR, List.of(), List.of());
    aws("Deploy", "ECS", 1, 1, 0, 0, HOUR, req("ClusterName", "ServiceName"), opt("FileName", "DeploymentTimeout"));
    aws("Deploy", "EKS", 1, 1, 0, 0, HOUR, List.of(), List.of());
    aws("Deploy", "ElasticBeanstalk", 1, 1, 0, 0, HOUR, req("ApplicationName", "EnvironmentName"), List.of());
    aws("Deploy", "AppConfig", 1, 1, 0, 0, HOUR, List.of(), List.of());
    aws("Deploy", "OpsWorks", 1, 1, 0, 0, HOUR, List.of(), List.of());
    aws("Deploy", "ServiceCatalog", 1, 1, 0, 0, HOUR, List.of(), List.of());
    aws("Deploy", "Lambda", 1, 1, 0, 0, HOUR, List.of(), List.of());
    aws("Invoke", "Lambda", 0, 5, 0, 5, Duration.ofHours(24), req("FunctionName"), opt("UserParameters"));
    aws("Invoke", "StepFunctions", 0, 1, 0, 1, Duration.ofDays(7), req("StateMachineArn"),
        opt("ExecutionNamePrefix", "InputType", "Input"));
    aws("Invoke", "CodePipeline", 0, 0, 0, 0, HOUR, req("PipelineName"), List.of());
    aws("Invoke", "InspectorScan", 0, 1, 0, 0, HOUR, List.of(), List.of());
    add(ActionTypeId.of("Deploy", "ThirdParty", "AlexaSkillsKit", "1"), 1, 2, 0, 0, HOUR, List.of());
  }

  private KnownActionTypes() {}

  /** The AWS action type with exactly this category, owner, provider and version, if AWS offers one. */
  public static Optional<ActionTypeSpec> find(ActionTypeId id) {
    return Optional.ofNullable(TYPES.get(id));
  }

  public static Collection<ActionTypeSpec> all() {
    return List.copyOf(TYPES.values());
  }

  /**
   * AWS's refusal of an action type it does not offer: {@code ActionType (Category: 'Source', Provider:
   * 'CustomSourceForGit', Owner: 'Custom', Version: '1') in action 'Download-Source' is not available in
   * region 'US_EAST_1'}.
   */
  public static String notAvailableMessage(ActionTypeId id, String actionName, String region) {
    return describe(id) + " in action '" + actionName + "' is not available in region '"
        + region.toUpperCase(Locale.ROOT).replace('-', '_') + "'";
  }

  static String describe(ActionTypeId id) {
    return "ActionType (Category: '" + id.category() + "', Provider: '" + id.provider() + "', Owner: '"
        + id.owner() + "', Version: '" + id.version() + "')";
  }

  private static void aws(String category, String provider, int minIn, int maxIn, int minOut, int maxOut,
      Duration timeout, List<ConfigurationProperty> required, List<ConfigurationProperty> optional) {
    List<ConfigurationProperty> properties = new ArrayList<>(required);
    properties.addAll(optional);
    add(ActionTypeId.of(category, "AWS", provider, "1"), minIn, maxIn, minOut, maxOut, timeout, properties);
  }

  private static void add(ActionTypeId id, int minIn, int maxIn, int minOut, int maxOut, Duration timeout,
      List<ConfigurationProperty> properties) {
    TYPES.put(id, new ActionTypeSpec(id, minIn, maxIn, minOut, maxOut, List.copyOf(properties),
        V2_ONLY_PROVIDERS.contains(id.provider()), timeout));
  }

  private static List<ConfigurationProperty> req(String... names) {
    return Arrays.stream(names).map(KnownActionTypes::required).toList();
  }

  private static List<ConfigurationProperty> opt(String... names) {
    return Arrays.stream(names).map(KnownActionTypes::optional).toList();
  }

  private static ConfigurationProperty required(String name) {
    return ConfigurationProperty.required(name, "");
  }

  private static ConfigurationProperty optional(String name) {
    return ConfigurationProperty.optional(name, "");
  }
}

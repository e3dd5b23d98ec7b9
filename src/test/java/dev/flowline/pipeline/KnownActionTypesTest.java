package dev.flowline.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The AWS action types table (reference §4.5 artifact counts, §4.6 matrix, §6 required keys). */
class KnownActionTypesTest {

  private static ActionTypeSpec aws(String category, String provider) {
    return KnownActionTypes.find(ActionTypeId.of(category, "AWS", provider, "1")).orElseThrow();
  }

  private static List<String> required(ActionTypeSpec spec) {
    return spec.configurationProperties().stream().filter(ActionTypeSpec.ConfigurationProperty::required)
        .map(ActionTypeSpec.ConfigurationProperty::name).toList();
  }

  @Test
  @DisplayName("§4.6 each AWS provider is known under exactly the categories AWS publishes it in")
  void everyProviderIsKnownUnderItsPublishedCategories() {
    Map<String, List<String>> categoriesByProvider = KnownActionTypes.all().stream()
        .filter(spec -> spec.id().owner().equals("AWS"))
        .collect(Collectors.groupingBy(spec -> spec.id().provider(),
            Collectors.mapping(spec -> spec.id().category(), Collectors.toList())));

    assertThat(categoriesByProvider).containsOnly(
        Map.entry("S3", List.of("Source", "Deploy")), Map.entry("ECR", List.of("Source")),
        Map.entry("CodeCommit", List.of("Source")), Map.entry("CodeStarSourceConnection", List.of("Source")),
        Map.entry("CodeBuild", List.of("Build", "Test")), Map.entry("ECRBuildAndPublish", List.of("Build")),
        Map.entry("Commands", List.of("Compute", "Build")), Map.entry("DeviceFarm", List.of("Test")),
        Map.entry("CloudFormation", List.of("Deploy")), Map.entry("CloudFormationStackSet", List.of("Deploy")),
        Map.entry("CloudFormationStackInstances", List.of("Deploy")), Map.entry("CodeDeploy", List.of("Deploy")),
        Map.entry("CodeDeployToECS", List.of("Deploy")), Map.entry("EC2", List.of("Deploy")),
        Map.entry("ECS", List.of("Deploy")), Map.entry("EKS", List.of("Deploy")),
        Map.entry("ElasticBeanstalk", List.of("Deploy")), Map.entry("AppConfig", List.of("Deploy")),
        Map.entry("OpsWorks", List.of("Deploy")), Map.entry("ServiceCatalog", List.of("Deploy")),
        Map.entry("Manual", List.of("Approval")), Map.entry("CodePipeline", List.of("Invoke")),
        Map.entry("Lambda", List.of("Deploy", "Invoke")), Map.entry("StepFunctions", List.of("Invoke")),
        Map.entry("InspectorScan", List.of("Invoke")));
  }

  @Test
  @DisplayName("§4.5 artifact counts: sources 0 in / 1 out, CodeBuild 1-5 / 0-5, S3 deploy 1 / 0")
  void artifactCountsFollowTheAwsTable() {
    assertThat(List.of(aws("Source", "S3"), aws("Source", "CodeCommit"), aws("Source", "ECR")))
        .allSatisfy(spec -> assertThat(List.of(spec.minInputArtifacts(), spec.maxInputArtifacts(),
            spec.minOutputArtifacts(), spec.maxOutputArtifacts())).containsExactly(0, 0, 1, 1));
    ActionTypeSpec codeBuild = aws("Test", "CodeBuild");
    assertThat(List.of(codeBuild.minInputArtifacts(), codeBuild.maxInputArtifacts(), codeBuild.minOutputArtifacts(),
        codeBuild.maxOutputArtifacts())).containsExactly(1, 5, 0, 5);
    ActionTypeSpec cloudFormation = aws("Deploy", "CloudFormation");
    assertThat(List.of(cloudFormation.maxInputArtifacts(), cloudFormation.maxOutputArtifacts()))
        .containsExactly(10, 1);
    assertThat(aws("Approval", "Manual").maxInputArtifacts()).isZero();
  }

  @Test
  @DisplayName("§6 required configuration keys as CreatePipeline probes them")
  void requiredConfigurationKeysFollowTheProbeTable() {
    assertThat(required(aws("Source", "S3"))).containsExactly("S3Bucket", "S3ObjectKey");
    assertThat(required(aws("Source", "CodeCommit"))).containsExactly("RepositoryName", "BranchName");
    assertThat(required(aws("Deploy", "S3"))).containsExactly("BucketName", "Extract");
    assertThat(required(aws("Deploy", "CloudFormation"))).containsExactly("ActionMode", "StackName");
    assertThat(required(aws("Invoke", "CodePipeline"))).containsExactly("PipelineName");
    assertThat(required(aws("Approval", "Manual"))).isEmpty();
  }

  @Test
  @DisplayName("A10 Commands, ECRBuildAndPublish and EKS are V2-only")
  void v2OnlyProviders() {
    assertThat(KnownActionTypes.all()).filteredOn(ActionTypeSpec::v2Only).extracting(spec -> spec.id().provider())
        .containsOnly("Commands", "ECRBuildAndPublish", "EKS");
  }

  @Test
  @DisplayName("GitHub v1's OAuthToken is a secret configuration property")
  void gitHubTokenIsSecret() {
    ActionTypeSpec gitHub = KnownActionTypes.find(ActionTypeId.of("Source", "ThirdParty", "GitHub", "1")).orElseThrow();

    assertThat(gitHub.configurationProperties()).filteredOn(ActionTypeSpec.ConfigurationProperty::secret)
        .extracting(ActionTypeSpec.ConfigurationProperty::name).containsExactly("OAuthToken");
  }

  @Test
  @DisplayName("A2 AWS's text names the region as an upper-snake enum")
  void notAvailableMessageUsesAwsFormat() {
    assertThat(KnownActionTypes.notAvailableMessage(ActionTypeId.of("Source", "Custom", "CustomSourceForGit", "1"),
        "Download-Source", "us-east-1")).isEqualTo("ActionType (Category: 'Source', Provider: 'CustomSourceForGit',"
            + " Owner: 'Custom', Version: '1') in action 'Download-Source' is not available in region 'US_EAST_1'");
  }
}

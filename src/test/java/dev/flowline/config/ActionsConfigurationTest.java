package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionExecutorRegistry;
import dev.flowline.actions.LocalActionContextFactory;
import dev.flowline.actions.build.AwsCodeBuild;
import dev.flowline.actions.build.CodeBuildBackend;
import dev.flowline.actions.build.LocalCodeBuild;
import dev.flowline.actions.s3.LocalBucketObjectStore;
import dev.flowline.actions.s3.ObjectStore;
import dev.flowline.actions.s3.S3ObjectStore;
import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.artifacts.LocalDirectoryArtifactStore;
import dev.flowline.artifacts.MotoServer;
import dev.flowline.artifacts.S3ArtifactStore;
import dev.flowline.pipeline.ActionTypeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import software.amazon.awssdk.services.s3.S3Client;

class ActionsConfigurationTest {

  @TempDir Path dataDir;

  ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withUserConfiguration(ActionsConfiguration.class)
        .withPropertyValues("flowline.data-dir=" + dataDir);
  }

  @Test
  @DisplayName("by default artifacts and S3 buckets are local directories under the data dir, and no S3 client exists")
  void defaultsAreLocal() {
    runner().run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(ArtifactStore.class)).isInstanceOf(LocalDirectoryArtifactStore.class);
      assertThat(context.getBean(ObjectStore.class)).isInstanceOf(LocalBucketObjectStore.class);
      assertThat(context).doesNotHaveBean(S3Client.class);
      assertThat(context).hasSingleBean(LocalActionContextFactory.class);

      Path zip = Files.writeString(dataDir.resolve("a.zip"), "zip");
      ArtifactLocation location = context.getBean(ArtifactStore.class).put("bucket", "P", "Out", zip);
      assertThat(dataDir.resolve("artifacts/bucket").resolve(location.objectKey())).exists();
    });
  }

  @Test
  @DisplayName("the registry holds every executor bean plus the manual approval")
  void registryCollectsExecutors() {
    runner().run(context -> {
      ActionExecutorRegistry registry = context.getBean(ActionExecutorRegistry.class);
      assertThat(registry.all()).extracting(spec -> spec.id().topic())
          .containsExactly("Approval/AWS/Manual/1", "Build/AWS/CodeBuild/1", "Compute/AWS/Commands/1",
              "Deploy/AWS/CloudFormation/1", "Deploy/AWS/CloudFormationStackInstances/1",
              "Deploy/AWS/CloudFormationStackSet/1", "Deploy/AWS/CodeDeploy/1", "Deploy/AWS/CodeDeployToECS/1",
              "Deploy/AWS/ECS/1", "Deploy/AWS/ElasticBeanstalk/1", "Deploy/AWS/S3/1", "Invoke/AWS/Lambda/1",
              "Invoke/AWS/StepFunctions/1", "Source/AWS/CodeCommit/1", "Source/AWS/ECR/1", "Source/AWS/S3/1",
              "Test/AWS/CodeBuild/1");
      assertThat(registry.executor(ActionTypeId.of("Compute", "AWS", "Commands", "1"))).isPresent();
    });
  }

  @Test
  @DisplayName("by default CodeBuild actions run on the local runner, with the buildspecs configured per project")
  void codeBuildIsLocalByDefault() {
    runner().withPropertyValues("flowline.codebuild.projects.MyProject.buildspec=ci/buildspec.yml",
            "flowline.codebuild.projects[my_project].buildspec=version: 0.2")
        .run(context -> {
          assertThat(context.getBean(CodeBuildBackend.class)).isInstanceOf(LocalCodeBuild.class);
          assertThat(context.getBean(CodeBuildProperties.class).buildspecs())
              .containsOnly(Map.entry("MyProject", "ci/buildspec.yml"), Map.entry("my_project", "version: 0.2"));
        });
  }

  @Test
  @DisplayName("with flowline.codebuild.endpoint, CodeBuild actions start builds there and recheck as configured")
  void codeBuildEndpointIsUsed() {
    runner().withPropertyValues("flowline.codebuild.endpoint=http://127.0.0.1:1", "flowline.codebuild.recheck-after=200ms")
        .run(context -> {
          assertThat(context.getBean(CodeBuildBackend.class)).isInstanceOf(AwsCodeBuild.class);
          assertThat(context.getBean(CodeBuildProperties.class).recheckAfter()).hasMillis(200);
        });
  }

  @Test
  @DisplayName("an unknown flowline.artifacts.store fails startup naming the property")
  void unknownStoreFailsStartup() {
    runner().withPropertyValues("flowline.artifacts.store=ftp").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("flowline.artifacts.store").hasMessageContaining("'ftp'"));
  }

  @Test
  @DisplayName("with flowline.s3.endpoint and flowline.artifacts.store=s3, artifacts and S3 actions use that endpoint")
  void s3EndpointIsUsed() throws Exception {
    try (MotoServer moto = MotoServer.start(); S3Client admin = moto.s3Client()) {
      admin.createBucket(b -> b.bucket("artifacts"));
      String previousKey = System.setProperty("aws.accessKeyId", "test");
      String previousSecret = System.setProperty("aws.secretAccessKey", "test");
      try {
        runner().withPropertyValues("flowline.s3.endpoint=" + moto.endpoint(), "flowline.artifacts.store=s3")
            .run(context -> {
              assertThat(context.getBean(ObjectStore.class)).isInstanceOf(S3ObjectStore.class);
              ArtifactStore store = context.getBean(ArtifactStore.class);
              assertThat(store).isInstanceOf(S3ArtifactStore.class);

              Path zip = Files.writeString(dataDir.resolve("a.zip"), "zip");
              ArtifactLocation location = store.put("artifacts", "P", "Out", zip);
              assertThat(admin.headObject(b -> b.bucket("artifacts").key(location.objectKey())).contentLength()).isEqualTo(3L);
            });
      } finally {
        restore("aws.accessKeyId", previousKey);
        restore("aws.secretAccessKey", previousSecret);
      }
    }
  }

  private static void restore(String property, String previous) {
    if (previous == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, previous);
    }
  }
}

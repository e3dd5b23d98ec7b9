package dev.flowline.actions.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.sandbox.Sandbox;
import dev.flowline.actions.sandbox.SandboxProperties;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The action's configuration: every problem is a ConfigurationError, and none runs a build. */
class CodeBuildConfigurationTest {

  static final String SECRET = "s3cr3t-value";

  @TempDir Path root;
  LocalBuilds builds;
  InputArtifactRef source;
  InputArtifactRef other;

  @BeforeEach
  void setUp() throws Exception {
    builds = new LocalBuilds(root);
    source = builds.source("Src", Map.of("buildspec.yml", "version: 0.2\nphases:\n  build:\n    commands:\n"
        + "      - touch ran-" + "$CODEBUILD_BUILD_NUMBER\n"));
    other = builds.source("Other", Map.of("x.txt", "x"));
  }

  @Test
  @DisplayName("the two executors are Build/AWS/CodeBuild/1 and Test/AWS/CodeBuild/1 with CodePipeline's bounds")
  void types() {
    CodeBuildExecutor build = builds.executor();
    CodeBuildExecutor test = CodeBuildExecutor.test(new LocalCodeBuild(root, Map.of(), "1", "us-east-1", Sandbox.of(SandboxProperties.defaults())));

    assertThat(build.type().id().topic()).isEqualTo("Build/AWS/CodeBuild/1");
    assertThat(test.type().id().topic()).isEqualTo("Test/AWS/CodeBuild/1");
    assertThat(test.type().minInputArtifacts()).isEqualTo(1);
    assertThat(test.type().maxInputArtifacts()).isEqualTo(5);
    assertThat(test.type().maxOutputArtifacts()).isEqualTo(5);
    assertThat(test.type().defaultTimeout()).hasHours(8);
    assertThat(test.type().configurationProperties()).filteredOn(p -> p.required()).extracting(p -> p.name())
        .containsExactly("ProjectName");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no ProjectName                 |            |         |       |      | Action configuration for action 'Action' is missing required configuration 'ProjectName'
      invalid ProjectName            | my project |         |       |      | ProjectName 'my project' is not a valid CodeBuild project name
      two inputs, no PrimarySource   | app        |         |       | two  | PrimarySource is required when the action has more than one input artifact: name one of [Src, Other]
      PrimarySource not an input     | app        | Missing |       | two  | PrimarySource 'Missing' is not an input artifact of the action: name one of [Src, Other]
      PrimarySource, one other input | app        | Other   |       | one  | PrimarySource 'Other' is not an input artifact of the action: name one of [Src]
      BatchEnabled                   | app        |         | true  | one  | BatchEnabled is not supported yet: Flowline runs one build per action
      BatchEnabled not a boolean     | app        |         | maybe | one  | BatchEnabled must be true or false, not 'maybe'
      """)
  void configurationErrors(String description, String project, String primary, String batch, String inputs,
      String message) throws Exception {
    Map<String, String> configuration = new LinkedHashMap<>();
    if (project != null) {
      configuration.put("ProjectName", project);
    }
    if (primary != null) {
      configuration.put("PrimarySource", primary);
    }
    if (batch != null) {
      configuration.put("BatchEnabled", batch);
    }
    ActionFixture.JobBuilder job = LocalBuilds.job("unused", "two".equals(inputs) ? new InputArtifactRef[] {source, other}
        : new InputArtifactRef[] {source}).configuration(configuration);

    assertConfigurationError(builds.run(job), message);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      PARAMETER_STORE   | [{"name":"DB_PASSWORD","value":"s3cr3t-value","type":"PARAMETER_STORE"}] | Environment variable 'DB_PASSWORD' has type PARAMETER_STORE, which is not supported yet by Flowline's local CodeBuild runner
      SECRETS_MANAGER   | [{"name":"TOKEN","value":"s3cr3t-value","type":"SECRETS_MANAGER"}]       | Environment variable 'TOKEN' has type SECRETS_MANAGER, which is not supported yet by Flowline's local CodeBuild runner
      unknown type      | [{"name":"TOKEN","value":"s3cr3t-value","type":"VAULT"}]                 | EnvironmentVariables[0] (TOKEN) has unknown type 'VAULT': use PLAINTEXT, PARAMETER_STORE or SECRETS_MANAGER
      not JSON          | [{"name":"TOKEN","value":s3cr3t-value}]                                  | EnvironmentVariables is not valid JSON (line 1, column 32)
      not an array      | {"name":"TOKEN","value":"s3cr3t-value"}                                  | EnvironmentVariables must be a JSON array of {name, value, type} objects
      no value          | [{"name":"TOKEN"}]                                                       | EnvironmentVariables[0] (TOKEN) needs a string value
      unknown field     | [{"name":"TOKEN","value":"s3cr3t-value","secret":true}]                  | EnvironmentVariables[0] has unknown field 'secret': use name, value and type
      reserved name     | [{"name":"CODEBUILD_BUILD_ID","value":"s3cr3t-value"}]                   | Environment variable 'CODEBUILD_BUILD_ID': names starting with CODEBUILD_ are reserved
      not a shell name  | [{"name":"MY-VAR","value":"s3cr3t-value"}]                               | Environment variable 'MY-VAR' is not a valid shell variable name
      """)
  void environmentVariablesErrorsNeverEchoValues(String description, String json, String message) throws Exception {
    ActionResult result = builds.run(LocalBuilds.job("app", source)
        .configuration(Map.of("ProjectName", "app", "EnvironmentVariables", json)));

    assertConfigurationError(result, message);
    assertThat(((ActionResult.Failed) result).message()).doesNotContain(SECRET);
  }

  private void assertConfigurationError(ActionResult result, String message) {
    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).isEqualTo(message);
    });
    assertThat(root.resolve("data/codebuild")).doesNotExist();
  }
}

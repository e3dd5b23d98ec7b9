package dev.flowline.actions.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.actions.ActionResult;
import dev.flowline.actions.build.Buildspec.OnFailure;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuildspecParserTest {

  @Test
  @DisplayName("given a full buildspec, then every part the local runner uses is read")
  void readsEverything() throws Exception {
    Buildspec spec = BuildspecParser.parse("""
        version: 0.2
        run-as: builder
        env:
          shell: /bin/sh
          variables:
            NUMBER: 42
            EMPTY:
          exported-variables: [OUT]
        phases:
          post_build:
            commands: [echo post]
          install:
            runtime-versions:
              java: corretto17
          build:
            on-failure: CONTINUE
            commands:
              - |
                echo one
                echo two
            finally: [echo finally]
        reports:
          junit:
            files: ['**/*.xml']
            base-directory: target/reports
        artifacts:
          files: ['**/*']
          discard-paths: yes
          secondary-artifacts:
            Docs:
              files: [docs/**/*]
              discard-paths: no
        cache:
          paths: ['/root/.m2/**/*']
        """);

    assertThat(spec.shell()).isEqualTo("/bin/sh");
    assertThat(spec.variables()).containsExactly(Map.entry("NUMBER", "42"), Map.entry("EMPTY", ""));
    assertThat(spec.exportedVariables()).containsExactly("OUT");
    assertThat(spec.phases()).extracting(Buildspec.Phase::name).containsExactly("install", "build", "post_build");
    Buildspec.Phase build = spec.phases().get(1);
    assertThat(build.onFailure()).isEqualTo(OnFailure.CONTINUE);
    assertThat(build.commands()).containsExactly("echo one\necho two\n");
    assertThat(build.finallyCommands()).containsExactly("echo finally");
    assertThat(spec.reports().get("junit")).isEqualTo(new Buildspec.Report(List.of("**/*.xml"), "target/reports", false,
        "JUNITXML"));
    assertThat(spec.artifacts().discardPaths()).isTrue();
    assertThat(spec.artifacts().secondary().get("Docs").files()).containsExactly("docs/**/*");
    assertThat(spec.ignored()).containsExactly("run-as", "cache", "phases/install/runtime-versions");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      bad YAML indentation          | 'version: 0.2\\nphases:\\n  build:\\n    commands:\\n      - echo a\\n     - echo b\\n' | the buildspec is not valid YAML: | 6
      unknown version               | 'version: 0.3\\nphases:\\n  build:\\n    commands: [echo]\\n' | buildspec version '0.3' is not supported: Flowline runs version 0.2 | 1
      missing version               | 'phases:\\n  build:\\n    commands: [echo]\\n' | 'version' is missing | 1
      missing phases                | 'version: 0.2\\nenv:\\n  variables:\\n    A: b\\n' | 'phases' is missing | 1
      unquoted colon in a command   | 'version: 0.2\\nphases:\\n  build:\\n    commands:\\n      - echo ok\\n      - echo Result: done\\n' | phases/build/commands[1] must be a string but is a mapping (quote a command that contains ': ') | 6
      commands not a list           | 'version: 0.2\\nphases:\\n  build:\\n    commands: echo\\n' | phases/build/commands must be a list of commands but is a string | 4
      unknown phase                 | 'version: 0.2\\nphases:\\n  biuld:\\n    commands: [echo]\\n' | phases: unknown phase 'biuld' | 4
      phase without commands        | 'version: 0.2\\nphases:\\n  build:\\n    finally: [echo]\\n' | phases/build/commands is missing | 4
      bad on-failure                | 'version: 0.2\\nphases:\\n  build:\\n    on-failure: RETRY_FOREVER\\n    commands: [echo]\\n' | phases/build/on-failure must be ABORT or CONTINUE, not 'RETRY_FOREVER' | 4
      variables not a mapping       | 'version: 0.2\\nenv:\\n  variables: [A]\\nphases:\\n  build:\\n    commands: [echo]\\n' | env/variables must be a mapping but is a list | 3
      unknown top-level key         | 'version: 0.2\\nphase:\\n  build:\\n    commands: [echo]\\n' | unknown key 'phase' | 3
      parameter store               | 'version: 0.2\\nenv:\\n  parameter-store:\\n    PASSWORD: /prod/db\\nphases:\\n  build:\\n    commands: [echo]\\n' | env/parameter-store is not supported yet | 4
      unsupported shell             | 'version: 0.2\\nenv:\\n  shell: zsh\\nphases:\\n  build:\\n    commands: [echo]\\n' | env/shell 'zsh' is not supported: use bash or /bin/sh | 3
      reserved variable             | 'version: 0.2\\nenv:\\n  variables:\\n    CODEBUILD_X: y\\nphases:\\n  build:\\n    commands: [echo]\\n' | env/variables/CODEBUILD_X: names starting with CODEBUILD_ are reserved | 4
      AWS_ variable exported        | 'version: 0.2\\nenv:\\n  exported-variables: [AWS_KEY]\\nphases:\\n  build:\\n    commands: [echo]\\n' | env/exported-variables[0]: variables starting with AWS_ cannot be exported | 3
      artifacts without files       | 'version: 0.2\\nphases:\\n  build:\\n    commands: [echo]\\nartifacts:\\n  name: x\\n' | artifacts/files is missing | 6
      discard-paths not yes or no   | 'version: 0.2\\nphases:\\n  build:\\n    commands: [echo]\\nartifacts:\\n  files: [a]\\n  discard-paths: maybe\\n' | artifacts/discard-paths must be yes or no, not 'maybe' | 7
      duplicate key                 | 'version: 0.2\\nphases:\\n  build:\\n    commands: [echo]\\n  build:\\n    commands: [echo]\\n' | phases/build is declared twice | 5
      a list, not a mapping         | '- version: 0.2\\n' | the buildspec must be a mapping but is a list | 1
      """)
  void brokenBuildspecsNameTheProblemAndItsLine(String description, String text, String problem, int line) {
    assertThatThrownBy(() -> BuildspecParser.parse(text.replace("\\n", "\n")))
        .isInstanceOfSatisfying(BuildspecException.class, e -> {
          assertThat(e.getMessage()).as(description).contains(problem).endsWith(" at line " + line);
          assertThat(e.line()).isEqualTo(line);
        });
  }

  @Test
  @DisplayName("given artifacts/files as one plain string (AWS's ECS tutorial), then it is that one file")
  void singleArtifactFileAsAString() throws Exception {
    Buildspec spec = BuildspecParser.parse("version: 0.2\nphases:\n  build:\n    commands: [echo]\n"
        + "artifacts:\n  files: imagedefinitions.json\n");

    assertThat(spec.artifacts().files()).containsExactly("imagedefinitions.json");
  }

  @Test
  @DisplayName("given a buildspec whose parameter-store value is secret, then the error does not repeat the value")
  void secretValuesAreNotEchoed() {
    assertThatThrownBy(() -> BuildspecParser.parse("version: 0.2\nenv:\n  secrets-manager:\n    TOKEN: prod/token:key\n"
        + "phases:\n  build:\n    commands: [echo]\n"))
        .hasMessageContaining("env/secrets-manager is not supported yet").hasMessageNotContaining("prod/token");
  }

  @Test
  @DisplayName("given the broken sample project, when the action runs, then it fails with a ConfigurationError naming "
      + "the problem and its line")
  void brokenSampleFailsTheAction(@TempDir Path root) throws Exception {
    LocalBuilds builds = new LocalBuilds(root);

    ActionResult result = builds.run(LocalBuilds.job("broken", builds.sample("Src", "broken")));

    assertThat(result).isInstanceOfSatisfying(ActionResult.Failed.class, failed -> {
      assertThat(failed.failureType()).isEqualTo("ConfigurationError");
      assertThat(failed.message()).isEqualTo("YAML_FILE_ERROR: Invalid buildspec buildspec.yml: "
          + "phases/build/commands[1] must be a string but is a mapping (quote a command that contains ': ') at line 7");
    });
  }
}

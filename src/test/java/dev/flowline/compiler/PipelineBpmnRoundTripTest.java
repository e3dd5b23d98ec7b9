package dev.flowline.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.ArtifactStore;
import dev.flowline.pipeline.BeforeEntryConditions;
import dev.flowline.pipeline.Condition;
import dev.flowline.pipeline.EnvironmentVariable;
import dev.flowline.pipeline.FailureConditions;
import dev.flowline.pipeline.InputArtifact;
import dev.flowline.pipeline.KnownActionTypes;
import dev.flowline.pipeline.OutputArtifact;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineVariableDeclaration;
import dev.flowline.pipeline.RuleDeclaration;
import dev.flowline.pipeline.RuleTypeId;
import dev.flowline.pipeline.StageDeclaration;
import dev.flowline.pipeline.SuccessConditions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Declaration -> BPMN -> declaration is exact (secrets and the version excepted, which BPMN never carries), for
 * every example in examples/, every fixture of the compiler tests, the builders the compiler tests use, and
 * 80 generated declarations; and the BPMN of a read-back declaration is byte-identical to the first, so a
 * download-edit-redeploy cycle changes nothing that was not edited.
 */
class PipelineBpmnRoundTripTest {

  private final PipelineCompiler compiler = new PipelineCompiler(CompilerOptions.defaults());
  private final PipelineBpmnReader reader = new PipelineBpmnReader();

  static Stream<Path> examples() throws IOException {
    try (Stream<Path> files = Files.list(Path.of("examples"))) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("examples")
  void everyExampleReadsBackEqual(Path example) throws IOException {
    assertRoundTrip(PipelineCodec.read(Files.readString(example, StandardCharsets.UTF_8)).pipeline());
  }

  @ParameterizedTest(name = "compiler fixture {0}")
  @ValueSource(strings = {"demo-pipeline", "multi-run-order", "escaped-names", "parallel-approvals"})
  void everyCompilerFixtureReadsBackEqual(String name) {
    assertRoundTrip(Declarations.fixture(name));
  }

  @Test
  void theBuildersOfTheCompilerTestsReadBackEqual() {
    assertRoundTrip(Declarations.wide("wide", 10, 5));
    assertRoundTrip(Declarations.wide("five", 5, 4));
    assertRoundTrip(Declarations.pipeline("approvals",
        Declarations.stage("Source", Declarations.action("Checkout", Declarations.S3_SOURCE, 1)),
        Declarations.stage("Gate", Declarations.approval("Release", 90), Declarations.approval("Audit", null))));
  }

  @Test
  void secretConfigurationIsNeverWrittenAndIsAllThatIsMissingOnRead() {
    ActionDeclaration github = new ActionDeclaration("GitHub", ActionTypeId.of("Source", "ThirdParty", "GitHub", "1"),
        null, Map.of("Owner", "octo", "Repo", "app", "Branch", "main", "OAuthToken", "ghp_secretvalue"), null,
        List.of(new OutputArtifact("Src")), null, null, null, null, null, null, null);
    PipelineDeclaration declared = Declarations.pipeline("secrets", new StageDeclaration("Source", null,
        List.of(github), null, null, null), Declarations.stage("Build",
        Declarations.action("Compile", Declarations.COMMANDS, 1)));
    String xml = compiler.compile(declared).xml();
    assertThat(xml).doesNotContain("ghp_secretvalue").doesNotContain("OAuthToken").contains("flowline.config.Owner");
    ActionDeclaration read = reader.read(xml).stages().get(0).actions().get(0);
    assertThat(read.configuration()).isEqualTo(Map.of("Owner", "octo", "Repo", "app", "Branch", "main"));
  }

  @Test
  void generatedDeclarationsOverEveryProviderReadBackEqual() {
    Random random = new Random(20261205L);
    List<ActionTypeSpec> types = new ArrayList<>(KnownActionTypes.all());
    Set<String> covered = new TreeSet<>();
    for (int i = 0; i < 80; i++) {
      PipelineDeclaration declared = generate(random, types, i);
      declared.stagesOrEmpty().forEach(s -> s.actionsOrEmpty().forEach(a -> covered.add(a.actionTypeId().topic())));
      assertRoundTrip(declared);
    }
    assertThat(covered).as("every AWS action type appears").hasSize(types.size());
  }

  private void assertRoundTrip(PipelineDeclaration declared) {
    String xml = compiler.compile(declared).xml();
    PipelineDeclaration read = reader.read(xml);
    PipelineDeclaration expected = withoutSecretsAndVersion(declared);
    assertThat(PipelineCodec.toTree(read)).isEqualTo(PipelineCodec.toTree(expected));
    assertThat(read).isEqualTo(expected);
    assertThat(compiler.compile(read).xml()).as("the read-back declaration compiles to the same BPMN").isEqualTo(xml);
  }

  /** What BPMN can carry: no version, no secret configuration (an action left with none has none at all). */
  static PipelineDeclaration withoutSecretsAndVersion(PipelineDeclaration p) {
    SecretKeys secrets = SecretKeys.known();
    List<StageDeclaration> stages = p.stages() == null ? null : p.stages().stream().map(s -> new StageDeclaration(
        s.name(), s.blockers(), s.actions() == null ? null : s.actions().stream().map(a -> {
          Map<String, String> config = a.configuration();
          Set<String> secret = secrets.of(a.actionTypeId());
          if (config != null && config.keySet().stream().anyMatch(secret::contains)) {
            Map<String, String> kept = new LinkedHashMap<>(config);
            kept.keySet().removeAll(secret);
            config = kept.isEmpty() ? null : kept;
          }
          return new ActionDeclaration(a.name(), a.actionTypeId(), a.runOrder(), config, a.commands(),
              a.outputArtifacts(), a.inputArtifacts(), a.outputVariables(), a.roleArn(), a.region(), a.namespace(),
              a.timeoutInMinutes(), a.environmentVariables());
        }).toList(), s.onFailure(), s.onSuccess(), s.beforeEntry())).toList();
    return new PipelineDeclaration(p.name(), p.roleArn(), p.artifactStore(), p.artifactStores(), stages, null,
        p.executionMode(), p.pipelineType(), p.variables(), p.triggers());
  }

  // ---- the generator: many stages, parallel groups, every provider, variables, conditions, odd names

  private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-.@";

  private static PipelineDeclaration generate(Random r, List<ActionTypeSpec> types, int seq) {
    int stageCount = 2 + r.nextInt(6);
    List<StageDeclaration> stages = new ArrayList<>();
    int typeCursor = seq * 3;
    for (int s = 0; s < stageCount; s++) {
      List<ActionDeclaration> actions = new ArrayList<>();
      int runOrder = r.nextBoolean() ? 1 : 1 + r.nextInt(3);
      int groups = 1 + r.nextInt(3);
      for (int g = 0; g < groups; g++) {
        int width = r.nextInt(4) == 0 ? 2 + r.nextInt(3) : 1;
        for (int w = 0; w < width; w++) {
          ActionTypeSpec type = types.get(typeCursor++ % types.size());
          Integer declaredRunOrder = runOrder == 1 && r.nextBoolean() ? null : Integer.valueOf(runOrder);
          actions.add(action(r, type, "A" + s + "_" + g + "_" + w + name(r), declaredRunOrder));
        }
        runOrder += 1 + r.nextInt(2);
      }
      stages.add(new StageDeclaration("S" + s + name(r), null, actions,
          r.nextInt(3) == 0 ? new FailureConditions("RETRY", null, null) : null,
          r.nextInt(4) == 0 ? new SuccessConditions(List.of(condition(r))) : null,
          r.nextInt(4) == 0 ? new BeforeEntryConditions(List.of(condition(r))) : null));
    }
    List<PipelineVariableDeclaration> variables = r.nextBoolean() ? null : List.of(
        new PipelineVariableDeclaration("Env", "prod", "target environment"),
        new PipelineVariableDeclaration("Region" + r.nextInt(9), null, null));
    return new PipelineDeclaration("p" + seq + name(r), r.nextBoolean() ? "arn:aws:iam::123456789012:role/x" : null,
        r.nextBoolean() ? new ArtifactStore("S3", "bucket-" + r.nextInt(99), null) : null,
        r.nextInt(4) == 0 ? Map.of("us-east-1", new ArtifactStore("S3", "a", null),
            "eu-west-1", new ArtifactStore("S3", "b", null)) : null,
        stages, 1 + r.nextInt(5), pick(r, null, "QUEUED", "SUPERSEDED", "PARALLEL"), pick(r, null, "V1", "V2"),
        variables, null);
  }

  private static ActionDeclaration action(Random r, ActionTypeSpec type, String name, Integer runOrder) {
    Map<String, String> config = new LinkedHashMap<>();
    for (ActionTypeSpec.ConfigurationProperty key : type.configurationProperties()) {
      if (key.required() || r.nextBoolean()) {
        config.put(key.name(), key.secret() ? "secret-" + r.nextInt(1000) : value(r));
      }
    }
    boolean empty = config.isEmpty();
    return new ActionDeclaration(name, type.id(), runOrder, empty ? (r.nextBoolean() ? null : Map.of()) : config,
        type.id().provider().equals("Commands") ? List.of("echo " + value(r), "make test") : null,
        outputs(r, type), inputs(r, type),
        r.nextInt(5) == 0 ? List.of("VAR_A", "VAR_B") : null,
        r.nextInt(5) == 0 ? "arn:aws:iam::123456789012:role/action" : null,
        r.nextInt(5) == 0 ? pick(r, "us-east-1", "eu-west-1") : null,
        r.nextInt(3) == 0 ? "NS" + r.nextInt(100) : null,
        r.nextInt(5) == 0 ? 5 + r.nextInt(100) : null,
        r.nextInt(5) == 0 ? List.of(new EnvironmentVariable("X", "#{variables.Env}", "PLAINTEXT")) : null);
  }

  private static List<OutputArtifact> outputs(Random r, ActionTypeSpec type) {
    if (type.maxOutputArtifacts() == 0) {
      return r.nextInt(4) == 0 ? List.of() : null;
    }
    List<OutputArtifact> out = new ArrayList<>();
    for (int i = 0; i < 1 + r.nextInt(type.maxOutputArtifacts()); i++) {
      out.add(r.nextInt(4) == 0 ? new OutputArtifact("Out" + i + name(r), List.of("dist/**", "*.txt"))
          : new OutputArtifact("Out" + i + name(r)));
    }
    return out;
  }

  private static List<InputArtifact> inputs(Random r, ActionTypeSpec type) {
    if (type.maxInputArtifacts() == 0) {
      return null;
    }
    List<InputArtifact> in = new ArrayList<>();
    for (int i = 0; i < Math.max(1, r.nextInt(Math.min(3, type.maxInputArtifacts()) + 1)); i++) {
      in.add(new InputArtifact("In" + i + name(r)));
    }
    return in;
  }

  private static Condition condition(Random r) {
    return new Condition(pick(r, "FAIL", "ROLLBACK", null), List.of(new RuleDeclaration("Check" + r.nextInt(9),
        new RuleTypeId("Rule", "AWS", "VariableCheck", "1"),
        Map.of("Variable", "#{variables.Env}", "Operator", "EQ", "Value", value(r)), null, null, null, null, null)));
  }

  private static String name(Random r) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < r.nextInt(6); i++) {
      b.append(NAME_CHARS.charAt(r.nextInt(NAME_CHARS.length())));
    }
    return b.toString();
  }

  private static String value(Random r) {
    return pick(r, "plain", "with spaces", "quotes \"and\" <xml> & 'apostrophes'", "multi\nline", "unicode é ✓",
        "#{codepipeline.PipelineExecutionId}", "a,b,c", "[not json", " padded ");
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }
}

package dev.flowline.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Declaration in, BPMN out: each fixture {@code compiler/<name>.json} compiles to exactly
 * {@code compiler/<name>.bpmn}. After an intended change, rewrite the golden files with
 * {@code mvn test -Dtest=PipelineCompilerGoldenTest -Dgolden.update=true} and review the diff.
 */
class PipelineCompilerGoldenTest {

  private static final Path GOLDEN = Path.of("src/test/resources/compiler");

  private final PipelineCompiler compiler = new PipelineCompiler(CompilerOptions.defaults());

  @ParameterizedTest(name = "{0}.json compiles to {0}.bpmn")
  @ValueSource(strings = {"demo-pipeline", "multi-run-order", "escaped-names", "parallel-approvals"})
  void declarationCompilesToGoldenBpmn(String name) throws IOException {
    String xml = compiler.compile(Declarations.fixture(name)).xml();
    Path golden = GOLDEN.resolve(name + ".bpmn");
    if (Boolean.getBoolean("golden.update")) {
      Files.writeString(golden, xml, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file (create it with -Dgolden.update=true)").exists();
    assertThat(xml).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}

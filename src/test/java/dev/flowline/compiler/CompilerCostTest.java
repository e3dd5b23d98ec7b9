package dev.flowline.compiler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * What compiling a large pipeline costs (printed, not asserted: the machines' speed drifts), and that
 * the diagram stays one row high however many stages there are (the fluent builder's layout stepped
 * down after every parallel stage: 50 stages became 23722 x 998 px).
 */
class CompilerCostTest {

  private final PipelineCompiler compiler = new PipelineCompiler(CompilerOptions.defaults());

  @Test
  @DisplayName("a 50-stage pipeline compiles (time printed) to a diagram no taller than a 5-stage one")
  void fiftyStages() {
    long cold = System.nanoTime();
    CompiledPipeline fifty = compiler.compile(Declarations.wide("fifty", 50, 4));
    long coldMillis = (System.nanoTime() - cold) / 1_000_000;
    int runs = 5;
    long warm = System.nanoTime();
    for (int i = 0; i < runs; i++) {
      compiler.compile(Declarations.wide("fifty", 50, 4));
    }
    long warmMillis = (System.nanoTime() - warm) / 1_000_000 / runs;
    CompiledPipeline five = compiler.compile(Declarations.wide("five", 5, 4));
    System.out.printf("compiled 50 stages (%d actions, %d KiB of XML): first %d ms, then %d ms each%n",
        fifty.elements().values().stream().filter(r -> r.kind() == Kind.ACTION || r.kind() == Kind.APPROVAL).count(),
        fifty.xml().length() / 1024, coldMillis, warmMillis);

    assertThat(fifty.model().getModelElementsByType(SubProcess.class)).hasSize(50);
    assertThat(extent(fifty)[1]).as("height of 50 stages").isEqualTo(extent(five)[1]);
    assertThat(extent(fifty)[0]).isGreaterThan(9 * extent(five)[0]);
  }

  /** Width and height of the diagram. */
  private static int[] extent(CompiledPipeline compiled) {
    var bounds = compiled.model().getModelElementsByType(BpmnShape.class).stream().map(BpmnShape::getBounds)
        .collect(Collectors.toList());
    double right = bounds.stream().mapToDouble(b -> b.getX() + b.getWidth()).max().orElseThrow();
    double bottom = bounds.stream().mapToDouble(b -> b.getY() + b.getHeight()).max().orElseThrow();
    return new int[] {(int) right, (int) bottom};
  }
}

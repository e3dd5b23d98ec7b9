package dev.flowline.compiler;

import dev.flowline.pipeline.PipelineDeclaration;
import java.util.Objects;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;

/**
 * Compiles a pipeline declaration to an executable Camunda process:
 * {@code Start -> Gate_<S> -> Stage_<S> -> ... -> End}, where each gate admits through the
 * {@code flowlineStageGate} bean or waits for the message {@code flowline.admit.<stage>}, each stage is
 * an async embedded sub-process whose runOrder groups run in sequence (several actions of one group
 * between a fork and a join), each action is an external task on its action type's topic, each manual
 * approval a user task with a timeout, and an {@code ActionFailed} error ends the execution at the
 * stage's {@code End_Failed_<S>}. {@link CompiledPipeline#elements()} lists the ids the engine uses.
 * The process, its stages and its actions carry the whole declaration, secret configuration excepted, in
 * camunda:properties ({@link BpmnContract}), which {@link PipelineBpmnReader} reads back.
 *
 * <p>Pure and deterministic: the same declaration compiles to byte-identical XML, whatever its
 * {@code version}, so redeploying an unchanged pipeline is a no-op under Camunda's duplicate
 * filtering. Thread-safe.
 */
public final class PipelineCompiler {

  private final CompilerOptions options;
  private final SecretKeys secretKeys;

  /** A compiler that leaves out the secret configuration of AWS's own action types. */
  public PipelineCompiler(CompilerOptions options) {
    this(options, SecretKeys.known());
  }

  /** @param secretKeys the configuration keys never written into BPMN (those GetPipeline masks) */
  public PipelineCompiler(CompilerOptions options, SecretKeys secretKeys) {
    this.options = Objects.requireNonNull(options, "options");
    this.secretKeys = Objects.requireNonNull(secretKeys, "secretKeys");
  }

  /**
   * @throws dev.flowline.pipeline.CodePipelineException if the declaration lacks something the process
   *     cannot be built without (names, actions, action types); validation normally refuses it earlier
   */
  public CompiledPipeline compile(PipelineDeclaration pipeline) {
    ElementIds ids = new ElementIds();
    PipelinePlan plan = new PipelinePlanner(ids).plan(pipeline);
    BpmnModelInstance model = new ProcessShapeBuilder(options, ids, secretKeys).build(plan);
    new DiagramLayout(model, ids).apply(plan);
    return new CompiledPipeline(plan.processKey(), Bpmn.convertToString(model), model, plan.elements());
  }

  /** What every pipeline's process definition key starts with, and no other process's may. */
  public static final String PROCESS_KEY_PREFIX = BpmnContract.PROCESS_KEY_PREFIX;

  /** The process definition key of a pipeline: {@code Pipeline_} and the name escaped to an NCName. */
  public static String processKey(String pipelineName) {
    return PROCESS_KEY_PREFIX + ElementIds.escape(pipelineName);
  }
}

package dev.flowline.compiler;

import static dev.flowline.compiler.BpmnContract.*;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Process;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaProperties;

/**
 * Reads a pipeline declaration back from BPMN (Camunda's Model API only). It accepts both shapes of
 * docs/mapping.md: the compiled shape (gates, wait events and failure paths are recognised and skipped) and
 * the design shape a person draws in the Modeler (start, stage sub-processes in sequence, end; inside a stage
 * tasks in sequence or between a parallel fork and join). The members come from the {@code flowline.*}
 * camunda:properties of {@link BpmnContract}; runOrder from the flow where a task does not state it.
 *
 * <p>Anything else is refused with a {@link BpmnShapeException} naming the element. Thread-safe.
 */
public final class PipelineBpmnReader {

  private static final Set<String> PIPELINE_PROPERTIES = Set.of(PIPELINE_NAME, PIPELINE_ROLE_ARN, PIPELINE_TYPE,
      PIPELINE_EXECUTION_MODE, PIPELINE_ARTIFACT_STORE, PIPELINE_ARTIFACT_STORES, PIPELINE_VARIABLES,
      PIPELINE_TRIGGERS);
  private static final Set<String> STAGE_PROPERTIES = Set.of(STAGE_NAME, STAGE_ON_FAILURE, STAGE_ON_SUCCESS,
      STAGE_BEFORE_ENTRY, STAGE_BLOCKERS);

  private final ActionReader actions;

  /** A reader that accepts any well-formed action type (validation decides later). */
  public PipelineBpmnReader() {
    this.actions = new ActionReader(null);
  }

  /** A reader that refuses action types {@code catalog} does not have, and missing required configuration. */
  public PipelineBpmnReader(ActionTypeCatalog catalog) {
    this.actions = new ActionReader(Objects.requireNonNull(catalog, "catalog"));
  }

  /** Parses BPMN XML. */
  public static BpmnModelInstance parse(byte[] xml) {
    return BpmnXml.parse(xml);
  }

  /** The pipeline declared by a BPMN document (without {@code version}: that is Flowline's, not the file's). */
  public PipelineDeclaration read(String xml) {
    return read(parse(xml.getBytes(StandardCharsets.UTF_8)));
  }

  public PipelineDeclaration read(InputStream xml) {
    try {
      return read(xml.readAllBytes());
    } catch (IOException e) {
      throw new BpmnShapeException(null, "The BPMN could not be read: " + e.getMessage());
    }
  }

  public PipelineDeclaration read(byte[] xml) {
    return read(parse(xml));
  }

  /**
   * The pipeline of a document holding exactly one pipeline process.
   *
   * @throws BpmnShapeException when the document holds no pipeline or several, or the pipeline is not one
   */
  public PipelineDeclaration read(BpmnModelInstance model) {
    List<Process> pipelines = pipelineProcesses(model);
    if (pipelines.isEmpty()) {
      throw new BpmnShapeException(null, "The BPMN holds no Flowline pipeline: a pipeline is a process whose id "
          + "starts with " + PROCESS_KEY_PREFIX + " or that carries " + PIPELINE_PREFIX + "* properties");
    }
    if (pipelines.size() > 1) {
      throw new BpmnShapeException(pipelines.get(1).getId(), "one BPMN file holds one pipeline, this one holds "
          + pipelines.size());
    }
    for (Process other : model.getModelElementsByType(Process.class)) {
      if (other != pipelines.get(0)) {
        throw new BpmnShapeException(other.getId(), "a BPMN file with a pipeline holds that pipeline and nothing "
            + "else; deploy other processes on their own");
      }
    }
    return read(pipelines.get(0));
  }

  /** The processes of {@code model} that are Flowline pipelines, by the contract's marker. */
  public static List<Process> pipelineProcesses(BpmnModelInstance model) {
    return model.getModelElementsByType(Process.class).stream().filter(PipelineBpmnReader::isPipeline).toList();
  }

  /** A pipeline process: its id starts with {@code Pipeline_}, or it carries any {@code flowline.pipeline.*} property. */
  public static boolean isPipeline(Process process) {
    if (isPipelineKey(process.getId())) {
      return true;
    }
    return process.getExtensionElements() != null && process.getExtensionElements()
        .getChildElementsByType(CamundaProperties.class).stream()
        .flatMap(p -> p.getCamundaProperties().stream())
        .anyMatch(p -> p.getCamundaName() != null && p.getCamundaName().startsWith(PIPELINE_PREFIX));
  }

  private PipelineDeclaration read(Process process) {
    ElementProperties props = ElementProperties.of(process, PIPELINE_PROPERTIES, null);
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", DeclarationNodes.name(process, props, PIPELINE_NAME, "pipeline"));
    props.putString(node, "roleArn", PIPELINE_ROLE_ARN);
    props.putJson(node, "artifactStore", PIPELINE_ARTIFACT_STORE);
    props.putJson(node, "artifactStores", PIPELINE_ARTIFACT_STORES);
    props.putString(node, "executionMode", PIPELINE_EXECUTION_MODE);
    props.putString(node, "pipelineType", PIPELINE_TYPE);
    props.putJson(node, "variables", PIPELINE_VARIABLES);
    props.putJson(node, "triggers", PIPELINE_TRIGGERS);
    PipelineDeclaration pipeline = DeclarationNodes.convert(node, PipelineDeclaration.class, "pipeline", process);
    List<StageDeclaration> stages = new ArrayList<>();
    for (SubProcess stage : MainLine.stagesInOrder(process)) {
      stages.add(stage(stage));
    }
    return new PipelineDeclaration(pipeline.name(), pipeline.roleArn(), pipeline.artifactStore(),
        pipeline.artifactStores(), List.copyOf(stages), null, pipeline.executionMode(), pipeline.pipelineType(),
        pipeline.variables(), pipeline.triggers());
  }

  // ---- a stage: its members, and its actions from the groups of its flow

  private StageDeclaration stage(SubProcess subProcess) {
    ElementProperties props = ElementProperties.of(subProcess, STAGE_PROPERTIES, null);
    ObjectNode node = JsonNodeFactory.instance.objectNode();
    node.put("name", DeclarationNodes.name(subProcess, props, STAGE_NAME, "stage"));
    props.putJson(node, "blockers", STAGE_BLOCKERS);
    props.putJson(node, "onFailure", STAGE_ON_FAILURE);
    props.putJson(node, "onSuccess", STAGE_ON_SUCCESS);
    props.putJson(node, "beforeEntry", STAGE_BEFORE_ENTRY);
    StageDeclaration stage = DeclarationNodes.convert(node, StageDeclaration.class, "stage", subProcess);
    List<ActionDeclaration> actions = RunOrders.assign(StageFlow.groups(subProcess), this.actions::action);
    return new StageDeclaration(stage.name(), stage.blockers(), actions, stage.onFailure(), stage.onSuccess(),
        stage.beforeEntry());
  }
}

package dev.flowline.compiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeCatalog;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.ActionTypeSpec;
import dev.flowline.pipeline.KnownActionTypes;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.PipelineValidator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The design shape (what a person draws in the Modeler: stages in sequence, tasks in sequence or between a
 * parallel fork and join, templates applied) reads as a declaration that validates, and declaration -> BPMN ->
 * declaration is stable from there. A BPMN that is not a pipeline is refused naming the element at fault.
 */
class PipelineBpmnReaderTest {

  /** What AWS offers; every type of the design fixture is one of them. */
  static final ActionTypeCatalog AWS_TYPES = new ActionTypeCatalog() {
    @Override
    public Optional<ActionTypeSpec> find(ActionTypeId id) {
      return KnownActionTypes.find(id);
    }

    @Override
    public Collection<ActionTypeSpec> all() {
      return KnownActionTypes.all();
    }
  };

  private final PipelineBpmnReader reader = new PipelineBpmnReader(AWS_TYPES);
  private final PipelineCompiler compiler = new PipelineCompiler(CompilerOptions.defaults());
  private final String design = resource("/modeler/design-shape.bpmn");

  @Test
  void aDesignShapeReadsAsTheDeclarationItDraws() {
    PipelineDeclaration pipeline = reader.read(design);

    assertThat(pipeline.name()).isEqualTo("designed-in-modeler");
    assertThat(pipeline.executionMode()).isEqualTo("QUEUED");
    assertThat(pipeline.variables()).singleElement().satisfies(v -> assertThat(v.defaultValue()).isEqualTo("prod"));
    assertThat(pipeline.stages()).extracting("name").containsExactly("Source", "Build", "Approval", "Deploy");
    List<ActionDeclaration> build = pipeline.stages().get(1).actions();
    assertThat(build).extracting(ActionDeclaration::name).containsExactly("Compile", "UnitTests", "Lint");
    assertThat(build).extracting(ActionDeclaration::runOrder).containsExactly(null, 2, 2);
    assertThat(build.get(0).commands()).containsExactly("make build");
    assertThat(pipeline.stages().get(1).onFailure().result()).isEqualTo("RETRY");
    ActionDeclaration release = pipeline.stages().get(2).actions().get(0);
    assertThat(release.actionTypeId().topic()).isEqualTo("Approval/AWS/Manual/1");
    assertThat(release.timeoutInMinutes()).isEqualTo(60);
    assertThat(release.configuration()).isEqualTo(Map.of("CustomData", "Ship it?"));
    assertThat(new PipelineValidator(AWS_TYPES).validate(pipeline)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"/modeler/design-shape.bpmn", "/modeler/modeler-deploy.bpmn"})
  void aDesignShapeIsStableThroughTheCompiledShape(String file) {
    PipelineDeclaration first = reader.read(resource(file).replace("SOURCE_BUCKET", "bucket"));
    String compiled = compiler.compile(first).xml();
    PipelineDeclaration second = reader.read(compiled);
    assertThat(second).isEqualTo(first);
    assertThat(compiler.compile(second).xml()).isEqualTo(compiled);
  }

  @Test
  void anEmptyValueOfATemplateFieldIsNoValue() {
    String withEmptyFields = design.replace("<camunda:property name=\"flowline.config.S3ObjectKey\" value=\"app.zip\" />",
        "<camunda:property name=\"flowline.config.S3ObjectKey\" value=\"app.zip\" />"
            + "<camunda:property name=\"flowline.action.region\" value=\"\" />"
            + "<camunda:property name=\"flowline.action.namespace\" value=\"\" />"
            + "<camunda:property name=\"flowline.action.inputArtifacts\" value=\"\" />"
            + "<camunda:property name=\"flowline.config.PollForSourceChanges\" value=\"\" />");
    assertThat(reader.read(withEmptyFields)).isEqualTo(reader.read(design));
  }

  @Test
  void theCompiledShapeIsRecognisedByItsKeyAndADesignByItsProperties() {
    assertThat(PipelineBpmnReader.pipelineProcesses(PipelineBpmnReader.parse(design.getBytes(StandardCharsets.UTF_8))))
        .extracting("id").containsExactly("Process_0k3c9vd");
    String plain = design.replaceAll("(?s)<bpmn:extensionElements>\\s*<camunda:properties>\\s*<camunda:property "
        + "name=\"flowline.pipeline.pipelineType.*?</bpmn:extensionElements>", "");
    assertThat(PipelineBpmnReader.pipelineProcesses(PipelineBpmnReader.parse(plain.getBytes(StandardCharsets.UTF_8))))
        .isEmpty();
    assertThatThrownBy(() -> reader.read(plain)).hasMessageContaining("holds no Flowline pipeline");
  }

  // ---- bad input: the element and what is wrong

  @Test
  void malformedXmlIsRefused() {
    assertRefused(design.substring(0, design.length() / 2), null, "Malformed BPMN XML");
  }

  @Test
  void anExternalEntityIsNeverResolved() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + design.substring(design.indexOf("<bpmn:definitions")).replace("name=\"designed-in-modeler\"", "name=\"&x;\"");
    assertThatThrownBy(() -> reader.read(xxe)).isInstanceOf(BpmnShapeException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("root:"));
  }

  @Test
  void aLoopNamesTheStageItReturnsTo() {
    assertRefused(design.replace("id=\"Flow_1e\" sourceRef=\"Activity_0deploy\" targetRef=\"Event_1end\"",
        "id=\"Flow_1e\" sourceRef=\"Activity_0deploy\" targetRef=\"Activity_0build\""), "Activity_0build", "loops back");
  }

  @Test
  void anExclusiveGatewayBetweenStagesIsRefused() {
    String choice = design
        .replace("<bpmn:sequenceFlow id=\"Flow_1b\" sourceRef=\"Activity_0source\" targetRef=\"Activity_0build\" />",
            "<bpmn:exclusiveGateway id=\"Gateway_0choice\" />"
                + "<bpmn:sequenceFlow id=\"Flow_1b\" sourceRef=\"Activity_0source\" targetRef=\"Gateway_0choice\" />"
                + "<bpmn:sequenceFlow id=\"Flow_x1\" sourceRef=\"Gateway_0choice\" targetRef=\"Activity_0build\" />"
                + "<bpmn:sequenceFlow id=\"Flow_x2\" sourceRef=\"Gateway_0choice\" targetRef=\"Event_1end\" />");
    assertRefused(choice, "Gateway_0choice", "exclusive gateway between stages");
  }

  @Test
  void anExclusiveGatewayInsideAStageIsRefused() {
    assertRefused(design.replace("<bpmn:parallelGateway id=\"Gateway_0fork\">", "<bpmn:exclusiveGateway id=\"Gateway_0fork\">")
        .replaceFirst("</bpmn:parallelGateway>", "</bpmn:exclusiveGateway>"), "Gateway_0fork", "exclusiveGateway");
  }

  @Test
  void aForkWhoseBranchesDoNotMeetAtOneJoinIsRefused() {
    assertRefused(design.replace("id=\"Flow_b6\" sourceRef=\"Activity_0lint\" targetRef=\"Gateway_0join\"",
        "id=\"Flow_b6\" sourceRef=\"Activity_0lint\" targetRef=\"Event_0b2\""), "Event_0b2", "not a fork/join pair");
  }

  @Test
  void aTaskWithoutTemplateIsRefused() {
    String bare = design.replace("<bpmn:serviceTask id=\"Activity_0lint\" name=\"Lint\" camunda:type=\"external\" "
        + "camunda:topic=\"Compute/AWS/Commands/1\">", "<bpmn:serviceTask id=\"Activity_0lint\" name=\"Lint\">")
        .replace("<camunda:property name=\"flowline.action.actionTypeId\" value=\"Compute/AWS/Commands/1\" />\n"
            + "            <camunda:property name=\"flowline.action.inputArtifacts\" value=\"SourceOutput\" />",
            "<camunda:property name=\"flowline.action.inputArtifacts\" value=\"SourceOutput\" />");
    assertRefused(bare, "Activity_0lint", "no action template applied");
  }

  @Test
  void anUnknownActionTypeIsRefused() {
    assertRefused(design.replace("Deploy/AWS/S3/1", "Deploy/AWS/Teleport/1"), "Activity_0publish",
        "unknown action type Deploy/AWS/Teleport/1");
  }

  @Test
  void aMissingRequiredFieldIsRefused() {
    assertRefused(design.replace("<camunda:property name=\"flowline.config.BucketName\" value=\"demo-site\" />", ""),
        "Activity_0publish", "BucketName is required");
    assertRefused(design.replace("<bpmn:subProcess id=\"Activity_0approve\" name=\"Approval\">",
        "<bpmn:subProcess id=\"Activity_0approve\">"), "Activity_0approve", "has no name");
  }

  @Test
  void anotherProcessBesideThePipelineIsRefused() {
    assertRefused(design.replace("</bpmn:definitions>", "<bpmn:process id=\"Process_other\" isExecutable=\"true\" />"
        + "</bpmn:definitions>"), "Process_other", "holds that pipeline and nothing else");
  }

  @Test
  void aTaskOutsideAStageIsRefused() {
    assertRefused(design.replace("<bpmn:endEvent id=\"Event_1end\">", "<bpmn:task id=\"Activity_stray\" name=\"Stray\" />"
        + "<bpmn:endEvent id=\"Event_1end\">"), "Activity_stray", "outside a stage");
  }

  @Test
  void aMisspelledOrMalformedPropertyIsRefused() {
    assertRefused(design.replace("flowline.action.outputArtifacts\" value=\"BuildOutput\"",
        "flowline.action.outputArtifact\" value=\"BuildOutput\""), "Activity_0compile", "unknown property");
    assertRefused(design.replace("value=\"[&#34;make lint&#34;]\"", "value=\"[oops\""), "Activity_0lint",
        "flowline.action.commands is not valid JSON");
    assertRefused(design.replace("value=\"[&#34;make lint&#34;]\"", "value=\"{}\""), "Activity_0lint",
        "commands");
    assertRefused(design.replace("name=\"flowline.action.timeoutInMinutes\" value=\"60\"",
        "name=\"flowline.action.timeoutInMinutes\" value=\"an hour\""), "Activity_0release", "must be an integer");
  }

  @Test
  void contradictingNamesAndTopicsAreRefused() {
    assertRefused(design.replace("<camunda:property name=\"flowline.action.actionTypeId\" value=\"Deploy/AWS/S3/1\" />",
        "<camunda:property name=\"flowline.action.actionTypeId\" value=\"Deploy/AWS/S3/1\" />"
            + "<camunda:property name=\"flowline.action.name\" value=\"Ship\" />"), "Activity_0publish",
        "named 'Publish' but flowline.action.name says 'Ship'");
    assertRefused(design.replace("camunda:topic=\"Deploy/AWS/S3/1\"", "camunda:topic=\"Deploy/AWS/CodeDeploy/1\""),
        "Activity_0publish", "topic");
  }

  @Test
  void runOrdersThatContradictTheFlowAreRefused() {
    String stated = design.replace("<camunda:property name=\"flowline.action.commands\" value=\"[&#34;make build&#34;]\" />",
        "<camunda:property name=\"flowline.action.commands\" value=\"[&#34;make build&#34;]\" />"
            + "<camunda:property name=\"flowline.action.runOrder\" value=\"5\" />");
    assertThat(reader.read(stated).stages().get(1).actions()).extracting(ActionDeclaration::runOrder)
        .as("the groups after a stated runOrder follow it").containsExactly(5, 6, 6);
    String contradicting = stated.replace("<camunda:property name=\"flowline.action.commands\" value=\"[&#34;make test&#34;]\" />",
        "<camunda:property name=\"flowline.action.commands\" value=\"[&#34;make test&#34;]\" />"
            + "<camunda:property name=\"flowline.action.runOrder\" value=\"2\" />");
    assertRefused(contradicting, "Activity_0unit", "does not follow the runOrder 5");
    String disagreeing = stated.replace("<camunda:property name=\"flowline.action.commands\" value=\"[&#34;make lint&#34;]\" />",
        "<camunda:property name=\"flowline.action.commands\" value=\"[&#34;make lint&#34;]\" />"
            + "<camunda:property name=\"flowline.action.runOrder\" value=\"7\" />")
        .replace("<camunda:property name=\"flowline.action.commands\" value=\"[&#34;make test&#34;]\" />",
            "<camunda:property name=\"flowline.action.commands\" value=\"[&#34;make test&#34;]\" />"
                + "<camunda:property name=\"flowline.action.runOrder\" value=\"6\" />");
    assertRefused(disagreeing, "Activity_0lint", "in the same fork/join group says 6");
  }

  private void assertRefused(String xml, String elementId, String problem) {
    assertThatThrownBy(() -> reader.read(xml))
        .isInstanceOfSatisfying(BpmnShapeException.class, e -> {
          assertThat(e.elementId()).isEqualTo(elementId);
          assertThat(e.errorType()).isEqualTo("InvalidStructureException");
        })
        .hasMessageContaining(problem);
  }

  private static String resource(String path) {
    try (var in = PipelineBpmnReaderTest.class.getResourceAsStream(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

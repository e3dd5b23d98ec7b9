package dev.flowline.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The templates of bpmn-templates/ in the Camunda Modeler's own editor (camunda-bpmn-js in headless Chromium): a
 * person imports a design, applies the pipeline, stage and action templates, types into the properties panel and
 * saves; the saved XML carries the declaration as the modeler contract says. The deploy of that XML to a running
 * Flowline is {@code dev.flowline.engine.ModelerDeployTest}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ModelerEditorTest {
  static final String CAMUNDA = "http://camunda.org/schema/1.0/bpmn";
  static final Path SCREENSHOT = Path.of("docs", "images", "modeler-properties-panel.png");

  ModelerEditor editor;

  @BeforeAll
  void open() throws Exception {
    editor = ModelerEditor.open();
  }

  @AfterAll
  void close() {
    if (editor != null) {
      editor.close();
    }
  }

  @Test
  @DisplayName("a design drawn in the Modeler's editor, with the templates applied, saves the declaration as camunda:properties")
  void templatesAppliedInTheEditorWriteTheContract() throws Exception {
    String xml = designTwoStagePipeline(editor, "modeler-design", "design-sources", "flowline-artifacts");

    Document bpmn = parse(xml);
    Element process = (Element) bpmn.getElementsByTagNameNS("http://www.omg.org/spec/BPMN/20100524/MODEL", "process")
        .item(0);
    assertThat(process.getAttribute("name")).isEqualTo("modeler-design");
    assertThat(process.getAttributeNS(CAMUNDA, "modelerTemplate")).isEqualTo("dev.flowline.pipeline");
    assertThat(properties(process)).containsEntry("flowline.pipeline.roleArn", "arn:aws:iam::123456789012:role/modeler")
        .containsEntry("flowline.pipeline.pipelineType", "V2")
        .containsEntry("flowline.pipeline.executionMode", "SUPERSEDED")
        .containsEntry("flowline.pipeline.artifactStore", "{\"type\": \"S3\", \"location\": \"flowline-artifacts\"}");

    Element fetch = byId(bpmn, "Task_Fetch");
    assertThat(fetch.getAttributeNS(CAMUNDA, "type")).isEqualTo("external");
    assertThat(fetch.getAttributeNS(CAMUNDA, "topic")).isEqualTo("Source/AWS/S3/1");
    assertThat(fetch.getAttributeNS(CAMUNDA, "modelerTemplate")).isEqualTo("dev.flowline.action.Source.AWS.S3.1");
    assertThat(properties(fetch)).containsEntry("flowline.action.actionTypeId", "Source/AWS/S3/1")
        .containsEntry("flowline.config.S3Bucket", "design-sources")
        .containsEntry("flowline.config.S3ObjectKey", "app.zip")
        .containsEntry("flowline.config.PollForSourceChanges", "false")
        .containsEntry("flowline.action.outputArtifacts", "Src");

    Element echo = byId(bpmn, "Task_Echo");
    assertThat(echo.getAttributeNS(CAMUNDA, "topic")).isEqualTo("Compute/AWS/Commands/1");
    assertThat(properties(echo)).containsEntry("flowline.action.actionTypeId", "Compute/AWS/Commands/1")
        .containsEntry("flowline.action.inputArtifacts", "Src")
        .containsEntry("flowline.action.commands", "[\"cat README.txt\"]");
    assertThat(byId(bpmn, "Stage_Build").getAttributeNS(CAMUNDA, "modelerTemplate")).isEqualTo("dev.flowline.stage");
    assertThat(xml).doesNotContain("camunda:expression", "camunda:class", "<bpmn:script");
  }

  @Test
  @DisplayName("the properties panel checks a field against AWS's pattern as the person types")
  void panelRefusesANameOutsideAwsPattern() throws Exception {
    editor.importXml(ModelerEditor.resource("design.bpmn"));
    editor.applyTemplate("Task_Echo", "dev.flowline.action.Compute.AWS.Commands.1");
    editor.typeInPanel("Task_Echo", "Artifacts and variables", "Variable namespace", "no spaces allowed");
    assertThat(editor.panelError("Variable namespace")).contains("[A-Za-z0-9@\\-_]+");
    editor.typeInPanel("Task_Echo", "Artifacts and variables", "Variable namespace", "BuildVariables");
    assertThat(editor.panelError("Variable namespace")).isEmpty();
  }

  /**
   * What a person does in the Modeler for a two-stage pipeline (an S3 source, a Commands action that reads it):
   * imports the drawn design, names the process, applies the templates and fills the fields. The S3 bucket is
   * typed into the properties panel; the screenshot shows that panel. Returns the saved XML.
   */
  public static String designTwoStagePipeline(ModelerEditor editor, String name, String sourceBucket,
      String artifactBucket) throws Exception {
    assertThat(editor.importXml(ModelerEditor.resource("design.bpmn"))).isEmpty();
    editor.rename("Process_Design", name);
    editor.applyTemplate("Process_Design", "dev.flowline.pipeline");
    editor.setProperty("Process_Design", "flowline.pipeline.roleArn", "arn:aws:iam::123456789012:role/modeler");
    editor.setProperty("Process_Design", "flowline.pipeline.artifactStore",
        "{\"type\": \"S3\", \"location\": \"" + artifactBucket + "\"}");
    editor.applyTemplate("Stage_Source", "dev.flowline.stage");
    editor.applyTemplate("Stage_Build", "dev.flowline.stage");

    editor.applyTemplate("Task_Fetch", "dev.flowline.action.Source.AWS.S3.1");
    assertThat(editor.appliedTemplate("Task_Fetch")).isEqualTo("dev.flowline.action.Source.AWS.S3.1");
    editor.typeInPanel("Task_Fetch", "Configuration", "S3Bucket", sourceBucket);
    assertThat(editor.panelValue("S3Bucket")).isEqualTo(sourceBucket);
    editor.setProperty("Task_Fetch", "flowline.config.S3ObjectKey", "app.zip");
    editor.setProperty("Task_Fetch", "flowline.config.PollForSourceChanges", "false");
    editor.setProperty("Task_Fetch", "flowline.action.outputArtifacts", "Src");
    editor.screenshot(SCREENSHOT);

    editor.applyTemplate("Task_Echo", "dev.flowline.action.Compute.AWS.Commands.1");
    editor.setProperty("Task_Echo", "flowline.action.inputArtifacts", "Src");
    editor.setProperty("Task_Echo", "flowline.action.commands", "[\"cat README.txt\"]");
    return editor.exportXml();
  }

  static Document parse(String xml) throws Exception {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static Element byId(Document document, String id) {
    NodeList all = document.getElementsByTagName("*");
    for (int i = 0; i < all.getLength(); i++) {
      Element element = (Element) all.item(i);
      if (id.equals(element.getAttribute("id"))) {
        return element;
      }
    }
    throw new AssertionError("no element " + id);
  }

  /** The element's own camunda:properties (not those of nested elements). */
  static Map<String, String> properties(Element element) {
    Map<String, String> properties = new LinkedHashMap<>();
    for (org.w3c.dom.Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
      if (child instanceof Element extension && "extensionElements".equals(extension.getLocalName())) {
        NodeList values = extension.getElementsByTagNameNS(CAMUNDA, "property");
        for (int i = 0; i < values.getLength(); i++) {
          Element property = (Element) values.item(i);
          properties.put(property.getAttribute("name"), property.getAttribute("value"));
        }
      }
    }
    return properties;
  }
}

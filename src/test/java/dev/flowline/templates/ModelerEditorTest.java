package dev.flowline.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
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
    String xml = editor.designTwoStagePipeline("modeler-design", "design-sources", "flowline-artifacts");

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

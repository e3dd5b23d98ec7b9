package dev.flowline.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowline.FlowlineTest;
import dev.flowline.TestUsers;
import dev.flowline.api.ApiProperties;
import dev.flowline.compiler.PipelineBpmnReader;
import dev.flowline.engine.RoleGroups;
import dev.flowline.pipeline.PipelineValidationException;
import dev.flowline.pipeline.PipelineValidator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.codepipeline.CodePipelineClient;
import software.amazon.awssdk.services.codepipeline.model.ActionDeclaration;
import software.amazon.awssdk.services.codepipeline.model.GetPipelineResponse;
import software.amazon.awssdk.services.codepipeline.model.PipelineExecutionStatus;
import software.amazon.awssdk.services.codepipeline.model.PipelineNotFoundException;

/**
 * Camunda Modeler's Deploy button, as the Modeler sends it (multipart over HTTP with Basic authentication), against
 * the running Flowline; then the SDK v2 client sees and runs what was deployed.
 */
@FlowlineTest
class ModelerDeployTest {

  private static final Path BUCKETS = Path.of("target/test-data/s3");
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired IdentityService identity;
  @Autowired RepositoryService repository;
  @Autowired RoleGroups roles;
  @Autowired PipelineValidator validator;

  private final HttpClient http = HttpClient.newHttpClient();
  private CodePipelineClient codepipeline;
  private String editor;
  private String reader;
  private String operator;
  private String name;
  private String bucket;

  @BeforeEach
  void setUp() throws IOException {
    TestUsers users = new TestUsers(identity);
    editor = users.create("editor", roles.editors());
    reader = users.create("reader", roles.readers());
    operator = users.create("operator", roles.operators());
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    name = "modeler-" + suffix;
    bucket = "modeler-source-" + suffix;
    Path object = BUCKETS.resolve(bucket).resolve("app.zip");
    Files.createDirectories(object.getParent());
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(object))) {
      zip.putNextEntry(new ZipEntry("hello.txt"));
      zip.write("hello from the Modeler\n".getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    codepipeline = CodePipelineClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
            ApiProperties.DEFAULT_ACCESS_KEY_ID, ApiProperties.DEFAULT_SECRET_ACCESS_KEY)))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  @AfterEach
  void tearDown() {
    codepipeline.close();
  }

  @Test
  @DisplayName("an editor deploys a design from the Modeler: CreatePipeline; GetPipeline shows it, it runs; a redeploy is version 2")
  void editorDeploysCreatesAndUpdates() throws Exception {
    HttpResponse<String> created = deploy(editor, design(), "diagram_1.bpmn", null);

    assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    JsonNode answer = JSON.readTree(created.body());
    assertThat(answer.path("deployedProcessDefinitions").elements().next().path("key").asText())
        .isEqualTo("Pipeline_" + name);
    assertThat(answer.path("flowline").path("operation").asText()).isEqualTo("CreatePipeline");

    GetPipelineResponse pipeline = codepipeline.getPipeline(r -> r.name(name));
    assertThat(pipeline.pipeline().version()).isEqualTo(1);
    assertThat(pipeline.pipeline().executionModeAsString()).isEqualTo("SUPERSEDED");
    assertThat(pipeline.pipeline().stages()).extracting(s -> s.name()).containsExactly("Source", "Build");
    assertThat(pipeline.pipeline().stages().get(1).actions()).extracting(ActionDeclaration::name)
        .containsExactly("Check", "Greet");
    assertThat(pipeline.pipeline().stages().get(1).actions().get(0).commands()).containsExactly("test -f hello.txt");

    String executionId = codepipeline.startPipelineExecution(r -> r.name(name)).pipelineExecutionId();
    assertThat(finalStatus(executionId)).isEqualTo(PipelineExecutionStatus.SUCCEEDED);
    String deployedXml = new String(repository.getProcessModel(repository.createProcessDefinitionQuery()
        .processDefinitionKey("Pipeline_" + name).latestVersion().singleResult().getId()).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(deployedXml).as("Camunda runs Flowline's compilation, with its gates").contains("Gate_Build")
        .doesNotContain("Activity_check");

    HttpResponse<String> unchanged = deploy(editor, design(), "diagram_1.bpmn", null);
    assertThat(unchanged.statusCode()).isEqualTo(200);
    assertThat(codepipeline.getPipeline(r -> r.name(name)).pipeline().version())
        .as("deploy-changed-only: an unchanged diagram stores no new version").isEqualTo(1);

    HttpResponse<String> updated = deploy(editor, design().replace("cat hello.txt", "cat hello.txt; echo v2"),
        "diagram_1.bpmn", null);
    assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
    assertThat(JSON.readTree(updated.body()).path("flowline").path("operation").asText()).isEqualTo("UpdatePipeline");
    GetPipelineResponse v2 = codepipeline.getPipeline(r -> r.name(name));
    assertThat(v2.pipeline().version()).isEqualTo(2);
    assertThat(v2.pipeline().stages().get(1).actions().get(1).commands()).containsExactly("cat hello.txt; echo v2");
  }

  @Test
  @DisplayName("the downloaded BPMN reads back as GetPipeline's declaration, and an edited download redeploys as n+1")
  void downloadEditRedeploy() throws Exception {
    assertThat(deploy(editor, design(), "diagram_1.bpmn", null).statusCode()).isEqualTo(200);

    HttpResponse<String> download = get(reader, "/flowline/pipelines/" + name + "/bpmn");
    assertThat(download.statusCode()).isEqualTo(200);
    assertThat(download.headers().firstValue("Content-Disposition").orElse(""))
        .contains("Pipeline_" + name + ".bpmn");
    assertThat(new PipelineBpmnReader().read(download.body()).name()).isEqualTo(name);
    assertThat(new PipelineBpmnReader().read(download.body()).stages().get(1).actions().get(1).commands())
        .containsExactly("cat hello.txt");
    assertThat(get(reader, "/flowline/pipelines/" + name + "/bpmn?version=1").statusCode()).isEqualTo(200);
    assertThat(get(reader, "/flowline/pipelines/" + name + "/bpmn?version=9").statusCode()).isEqualTo(404);
    assertThat(get(reader, "/flowline/pipelines/no-such-" + name + "/bpmn").statusCode()).isEqualTo(404);
    String nobody = new TestUsers(identity).create("nobody");
    assertThat(get(nobody, "/flowline/pipelines/" + name + "/bpmn").statusCode()).isEqualTo(403);

    String edited = download.body().replace("[&quot;cat hello.txt&quot;]", "[&quot;cat hello.txt&quot;,&quot;echo edited&quot;]");
    assertThat(edited).isNotEqualTo(download.body());
    HttpResponse<String> redeployed = deploy(editor, edited, "Pipeline_" + name + ".bpmn", null);
    assertThat(redeployed.statusCode()).as(redeployed.body()).isEqualTo(200);
    GetPipelineResponse v2 = codepipeline.getPipeline(r -> r.name(name));
    assertThat(v2.pipeline().version()).isEqualTo(2);
    assertThat(v2.pipeline().stages().get(1).actions().get(1).commands()).containsExactly("cat hello.txt", "echo edited");
  }

  @Test
  @DisplayName("an invalid pipeline is refused with the validator's words in Camunda's error shape, and nothing is stored")
  void invalidPipelineIsRefused() throws Exception {
    String invalid = design().replace(
        "<camunda:property name=\"flowline.action.inputArtifacts\" value=\"SourceOutput\" />\n"
            + "            <camunda:property name=\"flowline.action.commands\" value=\"[&#34;cat hello.txt&#34;]\" />",
        "<camunda:property name=\"flowline.action.inputArtifacts\" value=\"Nowhere\" />\n"
            + "            <camunda:property name=\"flowline.action.commands\" value=\"[&#34;cat hello.txt&#34;]\" />");
    HttpResponse<String> refused = deploy(editor, invalid, "diagram_1.bpmn", null);

    assertThat(refused.statusCode()).isEqualTo(400);
    JsonNode error = JSON.readTree(refused.body());
    PipelineValidationException expected = catchThrowableOfType(PipelineValidationException.class,
        () -> validator.check(new PipelineBpmnReader().read(invalid).withVersion(1)));
    assertThat(error.path("type").asText()).isEqualTo(expected.errorType());
    assertThat(error.path("message").asText()).isEqualTo(expected.getMessage()).contains("Nowhere");
    assertNothingStored();

    HttpResponse<String> shape = deploy(editor, design().replace("camunda:topic=\"Compute/AWS/Commands/1\">\n"
        + "        <bpmn:extensionElements>\n          <camunda:properties>\n"
        + "            <camunda:property name=\"flowline.action.actionTypeId\" value=\"Compute/AWS/Commands/1\" />",
        "camunda:topic=\"Compute/AWS/Teleport/1\">\n        <bpmn:extensionElements>\n          <camunda:properties>\n"
            + "            <camunda:property name=\"flowline.action.actionTypeId\" value=\"Compute/AWS/Teleport/1\" />"),
        "diagram_1.bpmn", null);
    assertThat(shape.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(shape.body()).path("message").asText())
        .startsWith("Activity_check: unknown action type Compute/AWS/Teleport/1");
    assertNothingStored();

    HttpResponse<String> malformed = deploy(editor, design().substring(0, design().length() / 2), "diagram_1.bpmn", null);
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertThat(JSON.readTree(malformed.body()).path("message").asText()).startsWith("Malformed BPMN XML");
    assertNothingStored();

    HttpResponse<String> tenant = deploy(editor, design(), "diagram_1.bpmn", "tenant-a");
    assertThat(tenant.statusCode()).isEqualTo(400);
    assertNothingStored();
  }

  @Test
  @DisplayName("readers and operators may not deploy a pipeline (403 in Camunda's shape); other BPMN stays administrators'")
  void onlyEditorsDeployPipelines() throws Exception {
    for (String user : new String[] {reader, operator}) {
      HttpResponse<String> refused = deploy(user, design(), "diagram_1.bpmn", null);
      assertThat(refused.statusCode()).isEqualTo(403);
      assertThat(JSON.readTree(refused.body()).path("type").asText()).isEqualTo("AuthorizationException");
      assertThat(JSON.readTree(refused.body()).path("message").asText()).contains(user);
    }
    assertNothingStored();

    String plain = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><bpmn:definitions "
        + "xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\" id=\"d\" targetNamespace=\"http://bpmn.io/schema/bpmn\">"
        + "<bpmn:process id=\"plain_" + name.replace('-', '_') + "\" isExecutable=\"true\" "
        + "xmlns:camunda=\"http://camunda.org/schema/1.0/bpmn\" camunda:historyTimeToLive=\"P1D\">"
        + "<bpmn:startEvent id=\"s\"/></bpmn:process></bpmn:definitions>";
    assertThat(deploy(editor, plain, "plain.bpmn", null).statusCode())
        .as("an editor is no Camunda administrator").isEqualTo(403);
    HttpResponse<String> admin = deploy("admin", plain, "plain.bpmn", null, "admin");
    assertThat(admin.statusCode()).as(admin.body()).isEqualTo(200);
    assertThat(JSON.readTree(admin.body()).path("deployedProcessDefinitions").elements().next().path("key").asText())
        .isEqualTo("plain_" + name.replace('-', '_'));
  }

  private PipelineExecutionStatus finalStatus(String executionId) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    PipelineExecutionStatus status;
    do {
      Thread.sleep(200);
      status = codepipeline.getPipelineExecution(r -> r.pipelineName(name).pipelineExecutionId(executionId))
          .pipelineExecution().status();
    } while (status == PipelineExecutionStatus.IN_PROGRESS && System.nanoTime() < deadline);
    return status;
  }

  private void assertNothingStored() {
    try {
      codepipeline.getPipeline(r -> r.name(name));
      throw new AssertionError("pipeline " + name + " was stored");
    } catch (PipelineNotFoundException expected) {
      assertThat(repository.createProcessDefinitionQuery().processDefinitionKey("Pipeline_" + name).count()).isZero();
    }
  }

  private String design() throws IOException {
    try (var in = getClass().getResourceAsStream("/modeler/modeler-deploy.bpmn")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("PIPELINE_NAME", name)
          .replace("SOURCE_BUCKET", bucket);
    }
  }

  private HttpResponse<String> deploy(String user, String xml, String fileName, String tenant) throws Exception {
    return deploy(user, xml, fileName, tenant, TestUsers.password(user));
  }

  /** Exactly the Modeler's request: its form fields, then the diagram as a file part named by its file name. */
  private HttpResponse<String> deploy(String user, String xml, String fileName, String tenant, String password)
      throws Exception {
    String boundary = "----ModelerFormBoundary" + UUID.randomUUID().toString().replace("-", "");
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("deployment-name", "diagram_1");
    fields.put("deployment-source", "Camunda Modeler");
    fields.put("deploy-changed-only", "true");
    if (tenant != null) {
      fields.put("tenant-id", tenant);
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field.getKey() + "\"\r\n\r\n"
          + field.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + fileName + "\"; filename=\""
        + fileName + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(xml.getBytes(StandardCharsets.UTF_8));
    body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/deployment/create"))
        .header("Authorization", basic(user, password))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String user, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", basic(user, TestUsers.password(user))).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }
}

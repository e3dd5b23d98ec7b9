package dev.flowline.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.TestUsers;
import dev.flowline.compiler.CompilerOptions;
import dev.flowline.compiler.PipelineCompiler;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineQueries;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Camunda's authorization service is on: over /engine-rest and Flowline's pages with HTTP Basic, a user has
 * exactly what its role groups grant, nobody but an administrator can grant anything, and pipeline BPMN is
 * only ever Flowline's.
 */
@FlowlineTest
class AuthorizationScenariosTest {
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired IdentityService identity;
  @Autowired TaskService tasks;
  @Autowired RepositoryService repository;
  @Autowired PipelineQueries stored;
  @LocalServerPort int port;
  @TempDir Path temp;
  private final HttpClient http = HttpClient.newHttpClient();
  private TestUsers users;

  @BeforeEach
  void users() {
    users = new TestUsers(identity);
  }

  private HttpResponse<String> call(String method, String path, String body, String user) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest" + path))
        .header("Content-Type", "application/json")
        .header("Authorization", basic(user, user.equals("admin") ? "admin" : TestUsers.password(user)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> deploy(String user, String resourceName, String bpmn) throws Exception {
    String boundary = "flowline" + UUID.randomUUID();
    String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"deployment-name\"\r\n\r\nuploaded\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"data\"; filename=\"" + resourceName
        + "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bpmn + "\r\n--" + boundary + "--\r\n";
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/engine-rest/deployment/create"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("Authorization", basic(user, user.equals("admin") ? "admin" : TestUsers.password(user)))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A process whose only task runs {@code Runtime.exec} in the JVM when an instance starts. */
  private static String execProcess(String key, Path marker) {
    return """
        <?xml version="1.0" encoding="UTF-8"?>
        <definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
            targetNamespace="http://flowline.dev/test">
          <process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
            <startEvent id="start"/>
            <sequenceFlow id="f1" sourceRef="start" targetRef="exec"/>
            <serviceTask id="exec" camunda:expression="${''.getClass().forName('java.lang.Runtime').getRuntime().exec('touch %s')}"/>
            <sequenceFlow id="f2" sourceRef="exec" targetRef="end"/>
            <endEvent id="end"/>
          </process>
        </definitions>
        """.formatted(key, marker);
  }

  @Test
  @DisplayName("a user without groups cannot create a user, join camunda-admin or change another user's password; "
      + "it may change its own")
  void userWithoutGroupsCannotGrantItselfAnything() throws Exception {
    String nobody = users.create("nobody");
    String other = users.create("other");
    String created = "made" + UUID.randomUUID().toString().substring(0, 8);

    HttpResponse<String> create = call("POST", "/user/create", "{\"profile\": {\"id\": \"" + created
        + "\"}, \"credentials\": {\"password\": \"x-s3cret-x\"}}", nobody);
    assertThat(create.statusCode()).as(create.body()).isEqualTo(403);
    assertThat(call("PUT", "/group/camunda-admin/members/" + nobody, null, nobody).statusCode()).isEqualTo(403);
    assertThat(call("POST", "/authorization/create", "{\"type\": 1, \"permissions\": [\"ALL\"], \"userId\": \""
        + nobody + "\", \"resourceType\": 4, \"resourceId\": \"*\"}", nobody).statusCode()).isEqualTo(403);
    // 404: without READ on other users, the other user is not even visible
    assertThat(call("PUT", "/user/" + other + "/credentials", "{\"password\": \"taken-over-1\", "
        + "\"authenticatedUserPassword\": \"" + TestUsers.password(nobody) + "\"}", nobody).statusCode())
        .isIn(403, 404);

    assertThat(identity.createUserQuery().userId(created).count()).isZero();
    assertThat(identity.createUserQuery().userId(nobody).memberOfGroup("camunda-admin").count()).isZero();
    assertThat(identity.checkPassword(other, TestUsers.password(other))).isTrue();
    assertThat(call("PUT", "/user/" + nobody + "/credentials", "{\"password\": \"my-own-new-1\", "
        + "\"authenticatedUserPassword\": \"" + TestUsers.password(nobody) + "\"}", nobody).statusCode()).isEqualTo(204);
    assertThat(identity.checkPassword(nobody, "my-own-new-1")).isTrue();
  }

  @Test
  @DisplayName("an operator cannot add itself to a group either: roles grant no rights on users, groups or "
      + "authorizations")
  void operatorCannotGrantItselfAnything() throws Exception {
    String operator = users.create("op", "flowline-operators");

    assertThat(call("PUT", "/group/camunda-admin/members/" + operator, null, operator).statusCode()).isEqualTo(403);
    assertThat(call("PUT", "/group/flowline-editors/members/" + operator, null, operator).statusCode()).isEqualTo(403);
    assertThat(identity.createUserQuery().userId(operator).memberOfGroup("camunda-admin").count()).isZero();
    assertThat(identity.createUserQuery().userId(operator).memberOfGroup("flowline-editors").count()).isZero();
  }

  @Test
  @DisplayName("only a candidate completes an approval through /engine-rest: a user outside its candidate group "
      + "gets 403 and the approval waits; an approver completes it and the execution goes on")
  void onlyCandidatesCompleteApprovalTasks() throws Exception {
    String name = PipelineFixtures.uniqueName("rest-approve");
    pipelines.create(TestPipelines.named(name).stage("Approve", List.of(TestPipelines.approval("Sign"))).document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String execution = probe.executions().get(0).pipelineExecutionId();
    Task task = await().atMost(Duration.ofSeconds(30)).until(() -> tasks.createTaskQuery()
        .processDefinitionKey(PipelineCompiler.processKey(name)).singleResult(), t -> t != null);
    String nobody = users.create("nobody");
    String reader = users.create("reader", "flowline-readers");
    String operator = users.create("op", "flowline-operators");
    String approver = users.create("approver", "approvers");

    for (String refused : new String[] {nobody, reader, operator}) {
      assertThat(call("POST", "/task/" + task.getId() + "/complete", "{}", refused).statusCode())
          .as(refused).isEqualTo(403);
      assertThat(call("POST", "/task/" + task.getId() + "/claim", "{\"userId\": \"" + refused + "\"}", refused)
          .statusCode()).as(refused).isEqualTo(403);
    }
    assertThat(tasks.createTaskQuery().taskId(task.getId()).count()).isEqualTo(1);
    assertThat(probe.status(execution)).isEqualTo("InProgress");

    HttpResponse<String> completed = call("POST", "/task/" + task.getId() + "/complete",
        "{\"variables\": {\"approved\": {\"value\": true}}}", approver);
    assertThat(completed.statusCode()).as(completed.body()).isIn(200, 204);
    probe.awaitStatus(execution, "Succeeded");
  }

  @Test
  @DisplayName("an operator starts a pipeline through /engine-rest and Flowline's listeners record it as usual; "
      + "a reader may not start it")
  void operatorStartsThroughEngineRest() throws Exception {
    String name = PipelineFixtures.uniqueName("rest-op");
    pipelines.create(TestPipelines.named(name).stage("Build", "Echo=echo hi").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    probe.awaitStatus(probe.executions().get(0).pipelineExecutionId(), "Succeeded");
    String operator = users.create("op", "flowline-operators");
    String reader = users.create("reader", "flowline-readers");
    String start = "/process-definition/key/" + PipelineCompiler.processKey(name) + "/start";

    assertThat(call("POST", start, "{}", reader).statusCode()).isEqualTo(403);
    assertThat(probe.executions()).hasSize(1);
    HttpResponse<String> started = call("POST", start, "{}", operator);

    assertThat(started.statusCode()).as(started.body()).isEqualTo(200);
    assertThat(probe.executions()).hasSize(2);
    probe.awaitStatus(probe.executions().get(0).pipelineExecutionId(), "Succeeded");
    assertThat(call("GET", "/process-definition/key/" + PipelineCompiler.processKey(name), null, reader)
        .statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("a non-administrator cannot deploy BPMN (a camunda:expression calling Runtime.exec) nor delete a "
      + "pipeline's deployment")
  void onlyAdministratorsDeploy() throws Exception {
    Path marker = temp.resolve("pwned");
    String operator = users.create("op", "flowline-operators");
    String editor = users.create("editor", "flowline-editors");
    String key = "Exec_" + UUID.randomUUID().toString().substring(0, 8);
    String name = PipelineFixtures.uniqueName("rest-deploy");
    pipelines.create(TestPipelines.named(name).stage("Build", "Echo=echo hi").document());
    String deployment = repository.createDeploymentQuery().deploymentName("pipeline:" + name).singleResult().getId();

    for (String user : new String[] {users.create("nobody"), operator, editor}) {
      HttpResponse<String> deployed = deploy(user, "exec.bpmn", execProcess(key, marker));
      assertThat(deployed.statusCode()).as(user + deployed.body()).isEqualTo(403);
      // 404 for a user without READ on deployments: it cannot see the deployment at all
      assertThat(call("DELETE", "/deployment/" + deployment + "?cascade=true", null, user).statusCode())
          .as(user).isIn(403, 404);
    }
    assertThat(call("POST", "/process-definition/key/" + key + "/start", "{}", operator).statusCode()).isEqualTo(404);

    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isZero();
    assertThat(repository.createDeploymentQuery().deploymentId(deployment).count()).isEqualTo(1);
    assertThat(Files.exists(marker)).isFalse();
  }

  @Test
  @DisplayName("BPMN with a pipeline's process key uploaded through /engine-rest never runs what the uploader wrote, "
      + "even for an administrator: it is read as a declaration (or refused) and Flowline's compilation runs")
  void pipelineKeysAreNeverDeployedFromUploads() throws Exception {
    Path marker = temp.resolve("pwned");
    String name = PipelineFixtures.uniqueName("rest-hijack");
    pipelines.create(TestPipelines.named(name).stage("Build", "Echo=echo hi").document());
    String key = PipelineCompiler.processKey(name);
    long definitions = repository.createProcessDefinitionQuery().processDefinitionKey(key).count();

    HttpResponse<String> refused = deploy("admin", "hijack.bpmn", execProcess(key, marker));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
    assertThat(refused.body()).contains("\"type\":\"InvalidStructureException\"").contains(key);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isEqualTo(definitions);

    // the pipeline's own BPMN with an exec expression on its action and in its gate: read as the declaration it
    // carries, deployed as Flowline compiles it, without either expression
    String exec = "${''.getClass().forName('java.lang.Runtime').getRuntime().exec('touch " + marker + "')}";
    String hijack = new PipelineCompiler(CompilerOptions.defaults())
        .compile(stored.find(name, null).orElseThrow().declaration()).xml()
        .replace("camunda:type=\"external\"", "camunda:expression=\"" + exec + "\"")
        .replaceFirst("\\$\\{flowlineStageGate[^<]*}", java.util.regex.Matcher.quoteReplacement(exec));
    assertThat(hijack).contains("getRuntime");
    HttpResponse<String> compiled = deploy("admin", "hijack.bpmn", hijack);
    assertThat(compiled.statusCode()).as(compiled.body()).isEqualTo(200);
    String deployed = new String(repository.getProcessModel(repository.createProcessDefinitionQuery()
        .processDefinitionKey(key).latestVersion().singleResult().getId()).readAllBytes(), StandardCharsets.UTF_8);
    assertThat(deployed).doesNotContain("getRuntime").contains("flowlineStageGate.admit");

    String id = executions.start(name, new StartRequest(Map.of(), null, List.of(), "StartPipelineExecution", "admin"));
    new ExecutionProbe(queries, name).awaitStatus(id, "Succeeded");
    assertThat(Files.exists(marker)).isFalse();
    String other = "Other_" + UUID.randomUUID().toString().substring(0, 8);
    assertThat(deploy("admin", "other.bpmn", execProcess(other, temp.resolve("unused"))).statusCode()).isEqualTo(200);
  }

  @Test
  @DisplayName("an administrator deletes a pipeline's deployment behind Flowline's back: the next start deploys "
      + "the stored declaration again and runs, never a 500")
  void startAfterDeletedDeploymentRedeploys() throws Exception {
    String name = PipelineFixtures.uniqueName("rest-deleted");
    pipelines.create(TestPipelines.named(name).stage("Build", "Echo=echo hi").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    probe.awaitStatus(probe.executions().get(0).pipelineExecutionId(), "Succeeded");
    String deployment = repository.createDeploymentQuery().deploymentName("pipeline:" + name).singleResult().getId();

    assertThat(call("DELETE", "/deployment/" + deployment + "?cascade=true", null, "admin").statusCode())
        .isEqualTo(204);
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(PipelineCompiler.processKey(name))
        .count()).isZero();

    String id = executions.start(name, new StartRequest(Map.of(), null, List.of(), "StartPipelineExecution", "admin"));
    probe.awaitStatus(id, "Succeeded");
    assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(PipelineCompiler.processKey(name))
        .count()).isEqualTo(1);
    String again = executions.start(name, new StartRequest(Map.of(), null, List.of(), "StartPipelineExecution", "admin"));
    probe.awaitStatus(again, "Succeeded");
  }

  @Test
  @DisplayName("action logs need a role that reads: a user without one gets 403, a reader the log")
  void actionLogsNeedReaders() throws Exception {
    String name = PipelineFixtures.uniqueName("rest-logs");
    pipelines.create(TestPipelines.named(name).stage("Build", "Echo=echo secret-build-output").document());
    ExecutionProbe probe = new ExecutionProbe(queries, name);
    String execution = probe.executions().get(0).pipelineExecutionId();
    probe.awaitStatus(execution, "Succeeded");
    String action = queries.actionExecutions(name, execution, 0, 10).stream()
        .filter(a -> a.actionName().equals("Echo")).findFirst().orElseThrow().actionExecutionId();
    String nobody = users.create("nobody");
    String operator = users.create("op", "flowline-operators");
    String reader = users.create("reader", "flowline-readers");

    HttpResponse<String> refused = log(action, nobody);
    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).doesNotContain("secret-build-output");
    assertThat(log(UUID.randomUUID().toString(), nobody).statusCode()).isEqualTo(403);
    assertThat(log(action, reader).body()).contains("secret-build-output");
    assertThat(log(action, operator).statusCode()).isEqualTo(200);
  }

  private HttpResponse<String> log(String actionExecutionId, String user) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/flowline/logs/"
            + actionExecutionId)).header("Authorization", basic(user, TestUsers.password(user))).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("the webapps let in only the roles they serve: no role, no Cockpit; a reader gets Cockpit and "
      + "Tasklist but not Admin")
  void webappsNeedARole() throws Exception {
    String nobody = users.create("nobody");
    String reader = users.create("reader", "flowline-readers");

    assertThat(webappLogin("cockpit", nobody)).isEqualTo(403);
    assertThat(webappLogin("tasklist", nobody)).isEqualTo(403);
    assertThat(webappLogin("cockpit", reader)).isEqualTo(200);
    assertThat(webappLogin("tasklist", reader)).isEqualTo(200);
    assertThat(webappLogin("admin", reader)).isEqualTo(403);
    assertThat(webappLogin("admin", "admin")).isEqualTo(200);
  }

  /** Logs in as the webapps' login page does: fetch its CSRF cookie first, then post the form with it. */
  private int webappLogin(String app, String user) throws Exception {
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
        + "/camunda/app/" + app + "/default/")).build(), HttpResponse.BodyHandlers.ofString());
    String csrf = page.headers().firstValue("X-XSRF-TOKEN").orElseThrow(() -> new AssertionError(page.headers()));
    String password = user.equals("admin") ? "admin" : TestUsers.password(user);
    HttpResponse<String> login = browser.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
            + "/camunda/api/admin/auth/user/default/login/" + app))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .header("X-XSRF-TOKEN", csrf)
        .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password)).build(),
        HttpResponse.BodyHandlers.ofString());
    return login.statusCode();
  }
}

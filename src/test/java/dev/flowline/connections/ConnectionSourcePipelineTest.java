package dev.flowline.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.flowline.FlowlineTest;
import dev.flowline.artifacts.ArtifactLocation;
import dev.flowline.artifacts.ArtifactStore;
import dev.flowline.api.connections.ConnectionsTestClients;
import dev.flowline.engine.ExecutionService;
import dev.flowline.engine.PipelineService;
import dev.flowline.engine.StartRequest;
import dev.flowline.execution.ActionExecutionDetail;
import dev.flowline.execution.ExecutionQueries;
import dev.flowline.execution.PipelineExecution;
import dev.flowline.pipeline.PipelineCodec;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codestarconnections.CodeStarConnectionsClient;
import software.amazon.awssdk.services.codestarconnections.model.ProviderType;

/**
 * A pipeline whose source is a connection through a host (GitHubEnterpriseServer, ProviderEndpoint = a real JGit
 * HTTP server that accepts only the connection's token), created and completed through the API as a user would.
 */
@FlowlineTest
class ConnectionSourcePipelineTest {
  static final Duration PATIENCE = Duration.ofSeconds(90);
  static final String TOKEN = "ghe-token-" + UUID.randomUUID();

  @LocalServerPort int port;
  @Autowired PipelineService pipelines;
  @Autowired ExecutionService executions;
  @Autowired ExecutionQueries queries;
  @Autowired ArtifactStore artifacts;
  @TempDir Path temp;

  TestGitHost host;
  CodeStarConnectionsClient connections;
  String name;
  String connectionArn;
  String head;

  @BeforeEach
  void connection() throws Exception {
    host = new TestGitHost(temp, TOKEN);
    head = host.createRepository("octo/app", "main", "hello.txt", "hello");
    connections = ConnectionsTestClients.codeStar(port);
    name = "conn-" + UUID.randomUUID().toString().substring(0, 8);
    String hostArn = connections.createHost(r -> r.name(name).providerType(ProviderType.GIT_HUB_ENTERPRISE_SERVER)
        .providerEndpoint(host.url())).hostArn();
    connectionArn = connections.createConnection(r -> r.connectionName(name).hostArn(hostArn)).connectionArn();
  }

  @AfterEach
  void close() throws Exception {
    connections.close();
    host.close();
  }

  @Test
  @DisplayName("given an AVAILABLE connection, the pipeline runs Source -> Build on the branch head fetched with the connection's token")
  void runsWithTheConnectionsToken() throws Exception {
    ConnectionsTestClients.complete(port, connectionArn, TOKEN, null);
    pipelines.create(ConnectionPipelines.pipeline(name, connectionArn, "octo/app", "main", null, "false"));

    String executionId = executions.start(name, StartRequest.manual("test"));

    awaitStatus(executionId, "Succeeded");
    assertThat(outputVariables(executionId, "Source")).containsEntry("CommitId", head)
        .containsEntry("ConnectionArn", connectionArn).containsEntry("FullRepositoryName", "octo/app")
        .containsEntry("BranchName", "main");
    assertThat(outputVariables(executionId, "Build")).containsEntry("BUILT_COMMIT", head);
    assertThat(host.usersSeen).isNotEmpty();
  }

  @Test
  @DisplayName("given a PENDING connection, the source fails loudly: ConfigurationError naming the connection and the token call that completes it")
  void pendingConnectionFailsLoudly() throws Exception {
    pipelines.create(ConnectionPipelines.pipeline(name, connectionArn, "octo/app", "main", null, "false"));

    String executionId = executions.start(name, StartRequest.manual("test"));

    awaitStatus(executionId, "Failed");
    ActionExecutionDetail source = actions(executionId, "Source").get(0);
    assertThat(source.output().executionResult().errorDetails().code()).isEqualTo("ConfigurationError");
    String id = connectionArn.substring(connectionArn.lastIndexOf('/') + 1);
    assertThat(source.output().executionResult().errorDetails().message()).contains("'" + name + "'")
        .contains("PENDING").contains("PUT /flowline/connections/" + id + "/token");
    assertThat(host.usersSeen).isEmpty();
  }

  @Test
  @DisplayName("given a deleted connection, the source fails naming the ARN and how to create one; nothing is fetched")
  void deletedConnectionFailsLoudly() throws Exception {
    ConnectionsTestClients.complete(port, connectionArn, TOKEN, null);
    pipelines.create(ConnectionPipelines.pipeline(name, connectionArn, "octo/app", "main", null, "false"));
    // CreatePipeline starts a first execution while the connection is still AVAILABLE; it fetches with the token
    // (racing the delete below otherwise). Let it finish, then count only what the deleted connection's run fetches.
    awaitStatus(firstExecutionId(), "Succeeded");
    assertThat(host.usersSeen).isNotEmpty();
    host.usersSeen.clear();
    connections.deleteConnection(r -> r.connectionArn(connectionArn));

    String executionId = executions.start(name, StartRequest.manual("test"));

    awaitStatus(executionId, "Failed");
    assertThat(actions(executionId, "Source").get(0).output().executionResult().errorDetails().message())
        .contains(connectionArn).contains("does not exist").contains("create-connection");
    assertThat(host.usersSeen).isEmpty();
  }

  @Test
  @DisplayName("given CODEBUILD_CLONE_REF, a CodeBuild build gets a complete clone (history, every branch, tags) and the artifact holds no token")
  void cloneRefGivesTheBuildACompleteCloneWithoutTheToken() throws Exception {
    ConnectionsTestClients.complete(port, connectionArn, TOKEN, null);
    host.commit("octo/app", "feature", "A feature", "feature.txt", "f");
    host.commit("octo/app", "main", "Second", "second.txt", "2");
    String built = host.commit("octo/app", "main", "Add the buildspec", "buildspec.yml", """
        version: 0.2
        env:
          exported-variables: [COMMITS, HEAD_SHA, BRANCHES, ORIGIN]
        phases:
          build:
            commands:
              - export COMMITS=$(git log --oneline | wc -l)
              - export HEAD_SHA=$(git rev-parse HEAD)
              - export BRANCHES=$(git branch -r | grep -v HEAD | wc -l)
              - export ORIGIN=$(git remote get-url origin)
        """);
    pipelines.create(PipelineCodec.read("""
        {
          "pipeline": {
            "name": "%s",
            "roleArn": "arn:aws:iam::123456789012:role/flowline-tests",
            "artifactStore": { "type": "S3", "location": "flowline-artifacts" },
            "pipelineType": "V2",
            "stages": [
              { "name": "Source", "actions": [ {
                  "name": "Source",
                  "actionTypeId": { "category": "Source", "owner": "AWS", "provider": "CodeStarSourceConnection", "version": "1" },
                  "configuration": { "ConnectionArn": "%s", "FullRepositoryId": "octo/app", "BranchName": "main",
                                     "OutputArtifactFormat": "CODEBUILD_CLONE_REF", "DetectChanges": "false" },
                  "outputArtifacts": [ { "name": "SourceOutput" } ] } ] },
              { "name": "Build", "actions": [ {
                  "name": "Build",
                  "actionTypeId": { "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1" },
                  "configuration": { "ProjectName": "clone-ref" },
                  "inputArtifacts": [ { "name": "SourceOutput" } ] } ] }
            ]
          }
        }
        """.formatted(name, connectionArn)));

    String executionId = executions.start(name, StartRequest.manual("test"));

    awaitStatus(executionId, "Succeeded");
    assertThat(outputVariables(executionId, "Build")).containsEntry("COMMITS", "3").containsEntry("HEAD_SHA", built)
        .containsEntry("BRANCHES", "2");
    assertThat(outputVariables(executionId, "Build").get("ORIGIN")).startsWith(host.url()).contains("octo/app")
        .doesNotContain(TOKEN);
    ActionExecutionDetail.S3Location location = actions(executionId, "Source").get(0).output().outputArtifacts().get(0)
        .s3location();
    String zipped = zipContent(new ArtifactLocation(location.bucket(), location.key()));
    assertThat(zipped).contains(".git/config").doesNotContain(TOKEN);
  }

  /** Every entry name and content of a stored artifact zip, as one string. */
  private String zipContent(ArtifactLocation location) throws Exception {
    StringBuilder all = new StringBuilder();
    try (InputStream in = artifacts.open(location); ZipInputStream zip = new ZipInputStream(in)) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        zip.transferTo(bytes);
        all.append(entry.getName()).append('\n').append(bytes.toString(StandardCharsets.ISO_8859_1)).append('\n');
      }
    }
    return all.toString();
  }

  private void awaitStatus(String executionId, String status) {
    await().atMost(PATIENCE).alias(executionId + " reaches " + status)
        .until(() -> queries.execution(name, executionId).map(PipelineExecution::status).orElse(null), status::equals);
  }

  /** The execution CreatePipeline started, as AWS starts one on creation. */
  private String firstExecutionId() {
    return queries.executions(name, null, 0, 100).stream()
        .filter(e -> "CreatePipeline".equals(e.trigger().triggerType())).findFirst().orElseThrow()
        .pipelineExecutionId();
  }

  private List<ActionExecutionDetail> actions(String executionId, String actionName) {
    return queries.actionExecutions(name, executionId, 0, 100).stream()
        .filter(a -> a.actionName().equals(actionName)).toList();
  }

  private Map<String, String> outputVariables(String executionId, String actionName) {
    return actions(executionId, actionName).get(0).output().outputVariables();
  }
}

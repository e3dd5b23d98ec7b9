package dev.flowline.api.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import dev.flowline.TestUsers;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import software.amazon.awssdk.services.codeconnections.CodeConnectionsClient;
import software.amazon.awssdk.services.codestarconnections.CodeStarConnectionsClient;
import software.amazon.awssdk.services.codestarconnections.model.Connection;
import software.amazon.awssdk.services.codestarconnections.model.ConnectionStatus;
import software.amazon.awssdk.services.codestarconnections.model.CodeStarConnectionsException;
import software.amazon.awssdk.services.codestarconnections.model.GetHostResponse;
import software.amazon.awssdk.services.codestarconnections.model.ProviderType;
import software.amazon.awssdk.services.codestarconnections.model.ResourceNotFoundException;
import software.amazon.awssdk.services.codestarconnections.model.Tag;

/** CodeStar connections through the AWS SDK v2 clients of both service names, and Flowline's token call. */
@FlowlineTest
class ConnectionsSdkTest {

  @LocalServerPort
  int port;

  @Autowired
  JdbcTemplate jdbc;

  @Autowired
  IdentityService identity;

  CodeStarConnectionsClient connections;
  String name;

  @BeforeEach
  void client() {
    connections = ConnectionsTestClients.codeStar(port);
    name = "c-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() {
    connections.close();
  }

  @Test
  @DisplayName("CreateConnection answers an ARN; GetConnection shows it PENDING with its provider, account and name")
  void createIsPending() {
    String arn = connections.createConnection(r -> r.connectionName(name).providerType(ProviderType.GIT_HUB))
        .connectionArn();

    assertThat(arn).matches("arn:aws:codestar-connections:us-east-1:123456789012:connection/[0-9a-f-]{36}");
    Connection connection = connections.getConnection(r -> r.connectionArn(arn)).connection();
    assertThat(connection.connectionName()).isEqualTo(name);
    assertThat(connection.connectionArn()).isEqualTo(arn);
    assertThat(connection.providerType()).isEqualTo(ProviderType.GIT_HUB);
    assertThat(connection.ownerAccountId()).isEqualTo("123456789012");
    assertThat(connection.connectionStatus()).isEqualTo(ConnectionStatus.PENDING);
    assertThat(connection.hostArn()).isNull();
  }

  @Test
  @DisplayName("given a PENDING connection, when an editor PUTs a token, then it is AVAILABLE; the token is never answered and is stored only encrypted")
  void tokenCompletesTheConnection() throws Exception {
    String arn = connections.createConnection(r -> r.connectionName(name).providerType(ProviderType.GIT_LAB))
        .connectionArn();
    String token = "glpat-" + UUID.randomUUID();
    String editor = new TestUsers(identity).create("editor", "flowline-editors");

    HttpResponse<String> response = ConnectionsTestClients.putToken(port, arn, editor, TestUsers.password(editor),
        "{\"token\": \"" + token + "\", \"webhookSecret\": \"hook-secret-1\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"ConnectionStatus\":\"AVAILABLE\"").contains(arn)
        .contains("/webhooks/connections/").doesNotContain(token).doesNotContain("hook-secret-1");
    assertThat(connections.getConnection(r -> r.connectionArn(arn)).connection().connectionStatus())
        .isEqualTo(ConnectionStatus.AVAILABLE);
    String id = arn.substring(arn.lastIndexOf('/') + 1);
    List<String> stored = jdbc.queryForList("SELECT token_ciphertext FROM flowline_connection WHERE connection_id = ?",
        String.class, id);
    assertThat(stored).singleElement().satisfies(ciphertext -> {
      assertThat(ciphertext).doesNotContain(token).doesNotContain("glpat");
      assertThat(ciphertext.length()).isGreaterThan(token.length());
    });
    assertThat(jdbc.queryForObject("SELECT webhook_secret_ciphertext FROM flowline_connection WHERE connection_id = ?",
        String.class, id)).doesNotContain("hook-secret-1");
  }

  @Test
  @DisplayName("a reader may not give a connection a token (403, still PENDING); nobody without credentials may (401)")
  void tokenNeedsTheEditorsRole() throws Exception {
    String arn = connections.createConnection(r -> r.connectionName(name).providerType(ProviderType.BITBUCKET))
        .connectionArn();
    String reader = new TestUsers(identity).create("reader", "flowline-readers");

    HttpResponse<String> refused = ConnectionsTestClients.putToken(port, arn, reader, TestUsers.password(reader),
        "{\"token\": \"t\"}");
    HttpResponse<String> anonymous = ConnectionsTestClients.putToken(port, arn, "admin", "wrong-password",
        "{\"token\": \"t\"}");

    assertThat(refused.statusCode()).isEqualTo(403);
    assertThat(refused.body()).contains("AccessDeniedException");
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(connections.getConnection(r -> r.connectionArn(arn)).connection().connectionStatus())
        .isEqualTo(ConnectionStatus.PENDING);
  }

  @Test
  @DisplayName("a token call without a token, or for an unknown connection, is refused and changes nothing")
  void badTokenCalls() throws Exception {
    String arn = connections.createConnection(r -> r.connectionName(name).providerType(ProviderType.GIT_HUB))
        .connectionArn();

    assertThat(ConnectionsTestClients.putToken(port, arn, "admin", "admin", "{\"user\": \"x\"}").statusCode())
        .isEqualTo(400);
    assertThat(ConnectionsTestClients.putToken(port, arn, "admin", "admin", "not json").statusCode()).isEqualTo(400);
    assertThat(ConnectionsTestClients.putToken(port, arn.replaceAll("[0-9a-f]{12}$", "000000000000"), "admin",
        "admin", "{\"token\": \"t\"}").statusCode()).isEqualTo(404);
    assertThat(connections.getConnection(r -> r.connectionArn(arn)).connection().connectionStatus())
        .isEqualTo(ConnectionStatus.PENDING);
  }

  @Test
  @DisplayName("ListConnections filters by provider type and host; DeleteConnection removes it and a second delete is ResourceNotFoundException")
  void listAndDelete() {
    String github = connections.createConnection(r -> r.connectionName(name).providerType(ProviderType.GIT_HUB))
        .connectionArn();
    String hostArn = connections.createHost(r -> r.name(name + "-host").providerType(ProviderType.GIT_LAB_SELF_MANAGED)
        .providerEndpoint("https://gitlab.example.com")).hostArn();
    String viaHost = connections.createConnection(r -> r.connectionName(name + "-gl").hostArn(hostArn)).connectionArn();

    assertThat(connections.listConnectionsPaginator(r -> r.providerTypeFilter(ProviderType.GIT_HUB)).stream()
        .flatMap(page -> page.connections().stream()).toList())
        .extracting(Connection::connectionArn).contains(github).doesNotContain(viaHost);
    assertThat(connections.listConnections(r -> r.hostArnFilter(hostArn)).connections())
        .singleElement().satisfies(c -> {
          assertThat(c.connectionArn()).isEqualTo(viaHost);
          assertThat(c.providerType()).isEqualTo(ProviderType.GIT_LAB_SELF_MANAGED);
          assertThat(c.hostArn()).isEqualTo(hostArn);
        });

    connections.deleteConnection(r -> r.connectionArn(github));

    assertThatThrownBy(() -> connections.getConnection(r -> r.connectionArn(github)))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> connections.deleteConnection(r -> r.connectionArn(github)))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  @DisplayName("CreateHost/GetHost/ListHosts/DeleteHost: a host is AVAILABLE with its endpoint; it cannot be deleted while a connection uses it")
  void hosts() {
    String hostArn = connections.createHost(r -> r.name(name).providerType(ProviderType.GIT_HUB_ENTERPRISE_SERVER)
        .providerEndpoint("https://github.example.com")).hostArn();
    assertThat(hostArn).startsWith("arn:aws:codestar-connections:us-east-1:123456789012:host/" + name + "-");

    GetHostResponse host = connections.getHost(r -> r.hostArn(hostArn));
    assertThat(host.name()).isEqualTo(name);
    assertThat(host.providerEndpoint()).isEqualTo("https://github.example.com");
    assertThat(host.status()).isEqualTo("AVAILABLE");
    assertThat(connections.listHostsPaginator(r -> r.maxResults(1)).stream()
        .flatMap(page -> page.hosts().stream()).toList())
        .anySatisfy(h -> assertThat(h.hostArn()).isEqualTo(hostArn));
    String connection = connections.createConnection(r -> r.connectionName(name).hostArn(hostArn)).connectionArn();

    assertThatThrownBy(() -> connections.deleteHost(r -> r.hostArn(hostArn)))
        .isInstanceOfSatisfying(CodeStarConnectionsException.class, e ->
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ResourceUnavailableException"));
    connections.deleteConnection(r -> r.connectionArn(connection));
    connections.deleteHost(r -> r.hostArn(hostArn));
    assertThatThrownBy(() -> connections.getHost(r -> r.hostArn(hostArn))).isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  @DisplayName("bad input: a GitLabSelfManaged connection without a host, a host for GitHub.com, a host endpoint that is no URL, an aws: tag")
  void badInput() {
    assertThatThrownBy(() -> connections.createConnection(r -> r.connectionName(name)
        .providerType(ProviderType.GIT_LAB_SELF_MANAGED)))
        .isInstanceOfSatisfying(CodeStarConnectionsException.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(e.awsErrorDetails().errorMessage()).contains("needs a HostArn");
        });
    assertThatThrownBy(() -> connections.createHost(r -> r.name(name).providerType(ProviderType.GIT_HUB)
        .providerEndpoint("https://github.com")))
        .isInstanceOfSatisfying(CodeStarConnectionsException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThatThrownBy(() -> connections.createHost(r -> r.name(name).providerType(ProviderType.GIT_LAB_SELF_MANAGED)
        .providerEndpoint("gitlab.example.com")))
        .isInstanceOfSatisfying(CodeStarConnectionsException.class, e ->
            assertThat(e.awsErrorDetails().errorMessage()).contains("ProviderEndpoint"));
    assertThatThrownBy(() -> connections.createConnection(r -> r.connectionName(name).providerType(ProviderType.GIT_HUB)
        .tags(Tag.builder().key("aws:owner").value("x").build())))
        .isInstanceOfSatisfying(CodeStarConnectionsException.class, e -> assertThat(e.statusCode()).isEqualTo(400));
    assertThat(connections.listConnections(r -> r.maxResults(100)).connections())
        .extracting(Connection::connectionName).doesNotContain(name);
    assertThatThrownBy(() -> connections.getConnection(r -> r.connectionArn(
        "arn:aws:codestar-connections:us-east-1:123456789012:connection/00000000-0000-0000-0000-000000000000")))
        .isInstanceOf(ResourceNotFoundException.class);
  }

  @Test
  @DisplayName("tags: CreateConnection's tags, TagResource overwrites and adds, UntagResource removes, ListTagsForResource lists by key")
  void tags() {
    String arn = connections.createConnection(r -> r.connectionName(name).providerType(ProviderType.GIT_HUB)
        .tags(Tag.builder().key("team").value("a").build())).connectionArn();

    connections.tagResource(r -> r.resourceArn(arn).tags(Tag.builder().key("team").value("b").build(),
        Tag.builder().key("env").value("prod").build()));
    assertThat(connections.listTagsForResource(r -> r.resourceArn(arn)).tags()).containsExactly(
        Tag.builder().key("env").value("prod").build(), Tag.builder().key("team").value("b").build());
    connections.untagResource(r -> r.resourceArn(arn).tagKeys("team"));

    assertThat(connections.listTagsForResource(r -> r.resourceArn(arn)).tags()).containsExactly(
        Tag.builder().key("env").value("prod").build());
  }

  @Test
  @DisplayName("the codeconnections client (the service's newer name) sees the same connections and can create them")
  void codeConnectionsIsTheSameService() {
    String arn = connections.createConnection(r -> r.connectionName(name).providerType(ProviderType.GIT_HUB))
        .connectionArn();
    try (CodeConnectionsClient newer = ConnectionsTestClients.codeConnections(port)) {
      assertThat(newer.getConnection(r -> r.connectionArn(arn)).connection().connectionName()).isEqualTo(name);
      assertThat(newer.getConnection(r -> r.connectionArn(arn.replace(":codestar-connections:", ":codeconnections:")))
          .connection().connectionArn()).isEqualTo(arn);
      String created = newer.createConnection(r -> r.connectionName(name + "-n")
          .providerType(software.amazon.awssdk.services.codeconnections.model.ProviderType.GIT_LAB)).connectionArn();
      assertThat(connections.getConnection(r -> r.connectionArn(created)).connection().providerType())
          .isEqualTo(ProviderType.GIT_LAB);
    }
  }

  @Test
  @DisplayName("a reader may Get/List but not CreateConnection (AccessDeniedException)")
  void readersRead() {
    try (CodeStarConnectionsClient reader = ConnectionsTestClients.codeStar(port, "ROLEREADER0000000000", "reader-secret")) {
      ensureUser("rolereader", "flowline-readers");
      assertThat(reader.listConnections(r -> { }).connections()).isNotNull();
      assertThatThrownBy(() -> reader.createConnection(r -> r.connectionName(name).providerType(ProviderType.GIT_HUB)))
          .isInstanceOfSatisfying(CodeStarConnectionsException.class, e ->
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDeniedException"));
    }
  }

  private void ensureUser(String id, String group) {
    if (identity.createUserQuery().userId(id).count() == 0) {
      identity.saveUser(identity.newUser(id));
    }
    if (identity.createUserQuery().userId(id).memberOfGroup(group).count() == 0) {
      new TestUsers(identity).addTo(id, group);
    }
  }
}

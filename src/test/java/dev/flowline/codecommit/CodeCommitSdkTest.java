package dev.flowline.codecommit;

import static dev.flowline.codecommit.CodeCommitClients.pushUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.FlowlineTest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import software.amazon.awssdk.services.codecommit.CodeCommitClient;
import software.amazon.awssdk.services.codecommit.model.BranchDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.CodeCommitException;
import software.amazon.awssdk.services.codecommit.model.GetRepositoryResponse;
import software.amazon.awssdk.services.codecommit.model.InvalidRepositoryNameException;
import software.amazon.awssdk.services.codecommit.model.OrderEnum;
import software.amazon.awssdk.services.codecommit.model.RepositoryDoesNotExistException;
import software.amazon.awssdk.services.codecommit.model.RepositoryMetadata;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameExistsException;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameIdPair;
import software.amazon.awssdk.services.codecommit.model.RepositoryNameRequiredException;
import software.amazon.awssdk.services.codecommit.model.SortByEnum;

/** The CodeCommit subset through the AWS SDK v2 CodeCommit client, unchanged but for the endpoint. */
@FlowlineTest
class CodeCommitSdkTest {

  @LocalServerPort
  int port;

  @TempDir
  Path temp;

  CodeCommitClient codeCommit;
  String name;

  @BeforeEach
  void client() {
    codeCommit = CodeCommitClients.codeCommit(port);
    name = "sdk-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void close() {
    codeCommit.close();
  }

  @Test
  @DisplayName("CreateRepository answers the metadata with an ARN and a clone URL on Flowline; GetRepository answers the same")
  void createAndGet() {
    Instant before = Instant.now().minusSeconds(1);
    RepositoryMetadata created = codeCommit.createRepository(r -> r.repositoryName(name)
        .repositoryDescription("The demo app")).repositoryMetadata();

    assertThat(created.repositoryName()).isEqualTo(name);
    assertThat(created.repositoryDescription()).isEqualTo("The demo app");
    assertThat(UUID.fromString(created.repositoryId())).isNotNull();
    assertThat(created.arn()).isEqualTo("arn:aws:codecommit:us-east-1:123456789012:" + name);
    assertThat(created.accountId()).isEqualTo("123456789012");
    assertThat(created.cloneUrlHttp()).isEqualTo("http://127.0.0.1:" + port + "/git/" + name + ".git");
    assertThat(created.creationDate()).isAfter(before);
    assertThat(created.lastModifiedDate()).isEqualTo(created.creationDate());
    assertThat(created.defaultBranch()).as("no branch before the first push").isNull();
    GetRepositoryResponse fetched = codeCommit.getRepository(r -> r.repositoryName(name));
    assertThat(fetched.repositoryMetadata()).isEqualTo(created);
  }

  @Test
  @DisplayName("given a repository, CreateRepository with its name is RepositoryNameExistsException")
  void duplicateName() {
    codeCommit.createRepository(r -> r.repositoryName(name));

    assertThatThrownBy(() -> codeCommit.createRepository(r -> r.repositoryName(name)))
        .isInstanceOf(RepositoryNameExistsException.class).hasMessageContaining(name);
  }

  @Test
  @DisplayName("bad names: none is RepositoryNameRequiredException; spaces, '..' and a .git ending are InvalidRepositoryNameException")
  void badNames() {
    assertThatThrownBy(() -> codeCommit.createRepository(r -> r.repositoryDescription("x")))
        .isInstanceOf(RepositoryNameRequiredException.class);
    for (String bad : new String[] {"has space", "..", "x.git", "a/b", "x".repeat(101)}) {
      assertThatThrownBy(() -> codeCommit.createRepository(r -> r.repositoryName(bad))).as(bad)
          .isInstanceOf(InvalidRepositoryNameException.class);
    }
  }

  @Test
  @DisplayName("an unknown repository is RepositoryDoesNotExistException for GetRepository, GetBranch and ListBranches")
  void unknownRepository() {
    assertThatThrownBy(() -> codeCommit.getRepository(r -> r.repositoryName(name)))
        .isInstanceOf(RepositoryDoesNotExistException.class).hasMessageContaining(name + " does not exist");
    assertThatThrownBy(() -> codeCommit.getBranch(r -> r.repositoryName(name).branchName("main")))
        .isInstanceOf(RepositoryDoesNotExistException.class);
    assertThatThrownBy(() -> codeCommit.listBranches(r -> r.repositoryName(name)))
        .isInstanceOf(RepositoryDoesNotExistException.class);
  }

  @Test
  @DisplayName("after a push: GetBranch answers the commit, ListBranches the branches, the first pushed branch is the default")
  void branchesAfterAPush() throws Exception {
    codeCommit.createRepository(r -> r.repositoryName(name));
    GitCli git = new GitCli(temp.resolve("home"));
    Path work = git.init(temp.resolve("work"));
    String commit = git.commit(work, "hello.txt", "hello", "First");
    git.run(work, "push", "-q", pushUrl(port, name), "main", "main:develop").ok();

    assertThat(codeCommit.getBranch(r -> r.repositoryName(name).branchName("develop")).branch().commitId())
        .isEqualTo(commit);
    assertThat(codeCommit.listBranches(r -> r.repositoryName(name)).branches()).containsExactly("develop", "main");
    RepositoryMetadata metadata = codeCommit.getRepository(r -> r.repositoryName(name)).repositoryMetadata();
    assertThat(metadata.defaultBranch()).isEqualTo("main");
    assertThat(metadata.lastModifiedDate()).isAfter(metadata.creationDate());
    assertThatThrownBy(() -> codeCommit.getBranch(r -> r.repositoryName(name).branchName("nope")))
        .isInstanceOf(BranchDoesNotExistException.class).hasMessageContaining("nope");
  }

  @Test
  @DisplayName("ListRepositories lists by name ascending by default, and descending when asked")
  void listRepositories() {
    String a = name + "-a";
    String b = name + "-b";
    codeCommit.createRepository(r -> r.repositoryName(b));
    codeCommit.createRepository(r -> r.repositoryName(a));

    var ascending = codeCommit.listRepositoriesPaginator(r -> r.build()).repositories().stream()
        .map(RepositoryNameIdPair::repositoryName).filter(n -> n.startsWith(name)).toList();
    var descending = codeCommit.listRepositories(r -> r.sortBy(SortByEnum.REPOSITORY_NAME).order(OrderEnum.DESCENDING))
        .repositories().stream().map(RepositoryNameIdPair::repositoryName).filter(n -> n.startsWith(name)).toList();

    assertThat(ascending).containsExactly(a, b);
    assertThat(descending).containsExactly(b, a);
  }

  @Test
  @DisplayName("DeleteRepository answers the id and the repository is gone; deleting it again answers no id")
  void delete() {
    String id = codeCommit.createRepository(r -> r.repositoryName(name)).repositoryMetadata().repositoryId();

    assertThat(codeCommit.deleteRepository(r -> r.repositoryName(name)).repositoryId()).isEqualTo(id);
    assertThatThrownBy(() -> codeCommit.getRepository(r -> r.repositoryName(name)))
        .isInstanceOf(RepositoryDoesNotExistException.class);
    assertThat(codeCommit.deleteRepository(r -> r.repositoryName(name)).repositoryId()).isNull();
  }

  @Test
  @DisplayName("a CodeCommit request signed with a wrong secret is refused with 403")
  void wrongSecretIsRefused() {
    CodeCommitClient wrongService = CodeCommitClient.builder().endpointOverride(java.net.URI.create("http://127.0.0.1:" + port))
        .region(software.amazon.awssdk.regions.Region.US_EAST_1)
        .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(
            dev.flowline.api.ApiProperties.DEFAULT_ACCESS_KEY_ID, "wrong-secret"))
        .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create()).build();

    assertThatThrownBy(() -> wrongService.listRepositories(r -> r.build()))
        .isInstanceOfSatisfying(CodeCommitException.class, e -> assertThat(e.statusCode()).isEqualTo(403));
  }
}

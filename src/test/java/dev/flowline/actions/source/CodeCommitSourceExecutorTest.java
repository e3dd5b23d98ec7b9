package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.deploy.S3DeployExecutor;
import dev.flowline.actions.s3.LocalBucketObjectStore;
import dev.flowline.codecommit.GitCli;
import dev.flowline.codecommit.HostileCommits;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.OutputArtifact;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CodeCommit source on a real bare repository that the git CLI pushed to. */
class CodeCommitSourceExecutorTest {

  @TempDir Path temp;
  ActionFixture fixture;
  GitCli git;
  Path work;
  Path bare;
  String first;
  String second;
  CodeCommitSourceExecutor executor;

  @BeforeEach
  void repository() throws Exception {
    fixture = new ActionFixture(temp);
    git = new GitCli(temp.resolve("home"));
    work = git.init(temp.resolve("work"));
    first = git.commit(work, "README.md", "one", "First commit");
    Files.writeString(work.resolve("build.sh"), "#!/bin/sh\necho built\n");
    Files.setPosixFilePermissions(work.resolve("build.sh"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    second = git.commit(work, "src/app.txt", "two", "Second commit\n\nWith details.");
    git.run(temp, "clone", "-q", "--bare", work.toString(), "repo.git").ok();
    bare = temp.resolve("repo.git");
    executor = new CodeCommitSourceExecutor(name -> name.equals("repo") ? Optional.of(bare) : Optional.empty());
  }

  @Test
  @DisplayName("CODE_ZIP: the tree of the branch head, with the executable bit, and the commit as revision and variables")
  void codeZipOfTheBranchHead() throws Exception {
    ActionResult.Succeeded result = succeeded(job("repo", "main", "CODE_ZIP", null));

    Path out = fixture.unzip(result.outputArtifacts().get("SourceOutput"));
    assertThat(out.resolve("src/app.txt")).hasContent("two");
    assertThat(Files.getPosixFilePermissions(out.resolve("build.sh"))).contains(PosixFilePermission.OWNER_EXECUTE);
    assertThat(Files.getPosixFilePermissions(out.resolve("README.md"))).doesNotContain(PosixFilePermission.OWNER_EXECUTE);
    assertThat(out.resolve(".git")).doesNotExist();
    assertThat(result.revision()).isEqualTo(new ActionResult.Revision(second, second, "Second commit", null));
    assertThat(result.summary()).isEqualTo("Second commit");
    assertThat(result.outputVariables()).containsEntry("CommitId", second)
        .containsEntry("CommitMessage", "Second commit\n\nWith details.\n").containsEntry("BranchName", "main")
        .containsEntry("RepositoryName", "repo");
    assertThat(java.time.Instant.parse(result.outputVariables().get("AuthorDate"))).isNotNull();
    assertThat(java.time.Instant.parse(result.outputVariables().get("CommitterDate"))).isNotNull();
  }

  @Test
  @DisplayName("given a COMMIT_ID override, then the source reads that commit, not the branch head")
  void overrideWins() throws Exception {
    ActionResult.Succeeded result = succeeded(job("repo", "main", null, first));

    Path out = fixture.unzip(result.outputArtifacts().get("SourceOutput"));
    assertThat(out.resolve("README.md")).exists();
    assertThat(out.resolve("src/app.txt")).doesNotExist();
    assertThat(result.outputVariables()).containsEntry("CommitId", first);
  }

  @Test
  @DisplayName("CODEBUILD_CLONE_REF: a full clone with the history, checked out on BranchName at the commit")
  void cloneRef() throws Exception {
    ActionResult.Succeeded result = succeeded(job("repo", "main", "CODEBUILD_CLONE_REF", first));

    Path out = fixture.unzip(result.outputArtifacts().get("SourceOutput"));
    assertThat(out.resolve(".git/HEAD")).exists();
    assertThat(git.head(out)).isEqualTo(first);
    assertThat(git.run(out, "rev-parse", "--abbrev-ref", "HEAD").ok().output().strip()).isEqualTo("main");
    assertThat(git.run(out, "status", "--porcelain").ok().output()).isBlank();
    assertThat(git.run(out, "cat-file", "-t", second).ok().output().strip()).as("the later history is there too")
        .isEqualTo("commit");
  }

  @Test
  @DisplayName("an unknown repository, a missing branch and an unknown format are ConfigurationErrors naming them")
  void configurationErrors() throws Exception {
    assertFailed(job("nope", "main", null, null), "ConfigurationError", "'nope' does not exist");
    assertFailed(job("repo", "develop", null, null), "ConfigurationError", "branch 'develop' does not exist");
    assertFailed(job("repo", "main", "TARBALL", null), "ConfigurationError", "OutputArtifactFormat 'TARBALL'");
  }

  @Test
  @DisplayName("an override commit the repository does not have is RevisionUnavailable")
  void unknownOverride() throws Exception {
    assertFailed(job("repo", "main", null, "0".repeat(40)), "RevisionUnavailable", "0".repeat(40));
    assertFailed(job("repo", "main", null, "not-a-commit"), "RevisionUnavailable", "not-a-commit");
  }

  @Test
  @DisplayName("a commit with a symlink and a directory of the same name fails the source action and writes nothing outside")
  void symlinkThenDirectoryFailsTheAction() throws Exception {
    Path outside = Files.createDirectories(temp.resolve("some-dir"));
    String evil = HostileCommits.symlinkThenDirectory(git, bare, outside.toString());
    git.run(bare, "update-ref", "refs/heads/evil", evil).ok();

    for (String format : List.of("CODE_ZIP", "CODEBUILD_CLONE_REF")) {
      assertFailed(job("repo", "evil", format, null), "JobFailed", "cannot be checked out safely");
    }
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  @DisplayName("a symlink in the source never copies a host file into the artifact or the deployed objects")
  void aSymlinkNeverCopiesAHostFile() throws Exception {
    Path secret = Files.writeString(temp.resolve("host-secret.txt"), "TOP SECRET host content");
    Files.createSymbolicLink(work.resolve("leak.txt"), secret);
    Files.createSymbolicLink(work.resolve("readme-link"), Path.of("README.md"));
    git.run(work, "add", "-A").ok();
    git.run(work, "commit", "-q", "-m", "links").ok();
    git.run(work, "push", "-q", bare.toString(), "main").ok();

    ActionResult.Succeeded result = succeeded(job("repo", "main", "CODE_ZIP", null));
    Path zip = result.outputArtifacts().get("SourceOutput");
    Path out = fixture.unzip(zip);
    Path buckets = Files.createDirectories(temp.resolve("s3/site"));
    ActionResult deployed = fixture.run(new S3DeployExecutor(new LocalBucketObjectStore(temp.resolve("s3"))),
        ActionFixture.job(ActionTypeId.of("Deploy", "AWS", "S3", "1"))
            .configuration(Map.of("BucketName", "site", "Extract", "true"))
            .inputs(fixture.artifact("SourceOutput", zip)).build());

    assertThat(Files.isSymbolicLink(out.resolve("leak.txt"))).isTrue();
    assertThat(Files.readSymbolicLink(out.resolve("leak.txt"))).isEqualTo(secret);
    assertThat(deployed).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(buckets.resolve("leak.txt")).doesNotExist();
    assertThat(buckets.resolve("readme-link")).as("a link inside the artifact deploys its file").hasContent("one");
    try (var files = Files.walk(buckets)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        assertThat(Files.readString(file)).as(file.toString()).doesNotContain("TOP SECRET");
      }
    }
  }

  private ActionResult.Succeeded succeeded(ActionJob job) throws Exception {
    ActionResult result = fixture.run(executor, job);
    assertThat(result).isInstanceOf(ActionResult.Succeeded.class);
    return (ActionResult.Succeeded) result;
  }

  private void assertFailed(ActionJob job, String failureType, String message) throws Exception {
    assertThat(fixture.run(executor, job)).isInstanceOfSatisfying(ActionResult.Failed.class, f -> {
      assertThat(f.failureType()).isEqualTo(failureType);
      assertThat(f.message()).contains(message);
    });
  }

  private static ActionJob job(String repository, String branch, String format, String commit) {
    Map<String, String> configuration = new HashMap<>(Map.of("RepositoryName", repository, "BranchName", branch));
    if (format != null) {
      configuration.put("OutputArtifactFormat", format);
    }
    ActionJob j = ActionFixture.job(CodeCommitSourceExecutor.TYPE.id()).configuration(configuration)
        .outputs(new OutputArtifact("SourceOutput")).build();
    List<ActionJob.RevisionOverride> overrides = commit == null ? List.of()
        : List.of(new ActionJob.RevisionOverride("COMMIT_ID", commit));
    return new ActionJob(j.actionExecutionId(), j.pipelineName(), j.pipelineExecutionId(), j.stageName(),
        j.actionName(), j.actionTypeId(), j.configuration(), j.commands(), j.environmentVariables(),
        j.outputVariables(), j.inputArtifacts(), j.outputArtifacts(), j.region(), null, j.timeout(), overrides);
  }
}

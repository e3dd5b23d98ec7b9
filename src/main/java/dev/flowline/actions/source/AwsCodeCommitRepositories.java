package dev.flowline.actions.source;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

/**
 * Repositories of real AWS CodeCommit ({@code flowline.codecommit.use-aws=true}), for the CodeCommit source
 * action: each one is mirrored over HTTPS ({@code <endpoint>/v1/repos/<name>}) into a bare cache under
 * {@code cacheRoot}, fetched again every time a job asks for it, with git credentials derived from the AWS
 * credentials by SigV4 ({@link CodeCommitGitCredentials}). A repository that cannot be fetched (it does not
 * exist, or the credentials may not read it) is reported as absent; the reason is logged, without secrets.
 * {@link #branchHead} answers where a branch points without fetching, for the CodeCommit poller.
 */
public final class AwsCodeCommitRepositories implements CodeCommitRepositories {
  private static final Logger log = LoggerFactory.getLogger(AwsCodeCommitRepositories.class);
  private static final Pattern NAME = Pattern.compile("[\\w.-]{1,100}");

  private final URI endpoint;
  private final String region;
  private final AwsCredentialsProvider credentials;
  private final Path cacheRoot;
  private final Clock clock;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  /** @param endpoint CodeCommit's git endpoint, normally {@code https://git-codecommit.<region>.amazonaws.com} */
  public AwsCodeCommitRepositories(URI endpoint, String region, AwsCredentialsProvider credentials, Path cacheRoot,
      Clock clock) {
    this.endpoint = endpoint;
    this.region = region;
    this.credentials = credentials;
    this.cacheRoot = cacheRoot.toAbsolutePath().normalize();
    this.clock = clock;
  }

  /** {@code https://git-codecommit.<region>.amazonaws.com}. */
  public static URI defaultEndpoint(String region) {
    return URI.create("https://git-codecommit." + region + ".amazonaws.com");
  }

  @Override
  public Optional<Path> gitDirectory(String repositoryName) {
    if (!NAME.matcher(repositoryName).matches() || repositoryName.equals(".") || repositoryName.equals("..")) {
      return Optional.empty();
    }
    synchronized (locks.computeIfAbsent(repositoryName, k -> new Object())) {
      Path mirror = cacheRoot.resolve(repositoryName + ".git");
      URI url = url(repositoryName);
      UsernamePasswordCredentialsProvider login = login(url);
      boolean cloning = !Files.isDirectory(mirror.resolve("objects"));
      try {
        if (cloning) {
          deleteQuietly(mirror);
          Files.createDirectories(cacheRoot);
          Git.cloneRepository().setURI(url.toString()).setDirectory(mirror.toFile()).setBare(true)
              .setCloneAllBranches(true).setCredentialsProvider(login).call().close();
        } else {
          try (Git repository = Git.open(mirror.toFile())) {
            repository.fetch().setRemote(url.toString()).setCredentialsProvider(login).setRemoveDeletedRefs(true)
                .setRefSpecs(List.of(new RefSpec("+refs/heads/*:refs/heads/*"))).call();
          }
        }
        return Optional.of(mirror);
      } catch (GitAPIException | IOException | RuntimeException e) {
        log.warn("Could not fetch CodeCommit repository {} from {}: {}", repositoryName, url, e.getMessage());
        if (cloning) {
          deleteQuietly(mirror);
        }
        return Optional.empty();
      }
    }
  }

  /**
   * The commit {@code branch} of {@code repositoryName} points at in CodeCommit ({@code git ls-remote} with SigV4 git
   * credentials, nothing fetched); empty when the repository has no such branch.
   *
   * @throws IllegalArgumentException for a name CodeCommit cannot have
   * @throws IllegalStateException when CodeCommit cannot be reached or refuses (the message is git's, never a secret)
   */
  public Optional<String> branchHead(String repositoryName, String branch) {
    if (!NAME.matcher(repositoryName).matches() || repositoryName.equals(".") || repositoryName.equals("..")) {
      throw new IllegalArgumentException("'" + repositoryName + "' is not a CodeCommit repository name");
    }
    URI url = url(repositoryName);
    try {
      return Git.lsRemoteRepository().setRemote(url.toString()).setCredentialsProvider(login(url)).setHeads(true)
          .setTimeout(60).call().stream()
          .filter(ref -> ref.getName().equals(Constants.R_HEADS + branch) && ref.getObjectId() != null)
          .map(ref -> ref.getObjectId().name()).findFirst();
    } catch (GitAPIException e) {
      throw new IllegalStateException("CodeCommit " + url + ": " + e.getMessage(), e);
    }
  }

  private URI url(String repositoryName) {
    return URI.create(endpoint.toString().replaceAll("/+$", "") + "/v1/repos/" + repositoryName);
  }

  /** A password is valid for minutes only, so it is derived again for every request. */
  private UsernamePasswordCredentialsProvider login(URI url) {
    CodeCommitGitCredentials.GitCredentials git =
        CodeCommitGitCredentials.derive(credentials.resolveCredentials(), region, url, clock.instant());
    return new UsernamePasswordCredentialsProvider(git.username(), git.password());
  }

  private static void deleteQuietly(Path mirror) {
    try {
      FileUtils.delete(mirror.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING);
    } catch (IOException e) {
      log.warn("Could not remove the incomplete mirror {}", mirror);
    }
  }
}

package dev.flowline.codecommit;

import dev.flowline.actions.source.CodeCommitRepositories;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.util.FileUtils;

/**
 * The repositories Flowline hosts: bare git repositories under {@code <root>/<name>.git}. A repository's
 * CodeCommit metadata sits in its git config ({@code [codecommit] repositoryId, description, creationDate,
 * lastModifiedDate}); the default branch is the branch {@code HEAD} names, once it exists — the first branch
 * pushed, as in CodeCommit. Creating and deleting are atomic directory renames, so a repository is either
 * complete or absent. Thread-safe.
 */
public final class HostedRepositories implements CodeCommitRepositories {
  private static final String SECTION = "codecommit";

  private final Path root;
  private final String region;
  private final String accountId;
  private final Supplier<String> baseUrl;
  private final Clock clock;

  /**
   * @param baseUrl where Flowline is reached, e.g. {@code http://127.0.0.1:8080}; clone URLs are
   *                {@code <baseUrl>/git/<name>.git}
   */
  public HostedRepositories(Path root, String region, String accountId, Supplier<String> baseUrl, Clock clock) {
    this.root = root.toAbsolutePath().normalize();
    this.region = region;
    this.accountId = accountId;
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  /** Creates an empty repository; RepositoryNameExistsException when the name is taken. */
  public synchronized RepositoryMetadata create(String name, String description) {
    CodeCommitErrors.checkRepositoryName(name);
    CodeCommitErrors.checkRepositoryDescription(description);
    Path target = directory(name);
    if (Files.exists(target)) {
      throw CodeCommitErrors.repositoryNameExists(name);
    }
    Path staging = root.resolve(".creating-" + UUID.randomUUID());
    try {
      Files.createDirectories(root);
      try (Git git = Git.init().setBare(true).setInitialBranch("main").setGitDir(staging.toFile()).call()) {
        StoredConfig config = git.getRepository().getConfig();
        long now = clock.millis();
        config.setString(SECTION, null, "repositoryId", UUID.randomUUID().toString());
        if (description != null && !description.isEmpty()) {
          config.setString(SECTION, null, "description", description);
        }
        config.setLong(SECTION, null, "creationDate", now);
        config.setLong(SECTION, null, "lastModifiedDate", now);
        config.save();
      }
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | GitAPIException e) {
      deleteQuietly(staging);
      throw new IllegalStateException("Could not create repository " + name + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(staging);
      throw e;
    }
    return find(name).orElseThrow();
  }

  public Optional<RepositoryMetadata> find(String name) {
    Optional<Repository> opened = open(name);
    if (opened.isEmpty()) {
      return Optional.empty();
    }
    try (Repository repository = opened.get()) {
      return Optional.of(metadata(name, repository));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RepositoryDoesNotExistException when there is none. */
  public RepositoryMetadata get(String name) {
    return find(CodeCommitErrors.checkRepositoryName(name)).orElseThrow(() -> CodeCommitErrors.repositoryDoesNotExist(name));
  }

  /** Every repository, in name order. */
  public List<RepositoryMetadata> list() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(root)) {
      return entries.map(p -> p.getFileName().toString())
          .filter(f -> f.endsWith(".git") && !f.startsWith("."))
          .map(f -> f.substring(0, f.length() - 4)).sorted()
          .flatMap(name -> find(name).stream()).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Deletes the repository; returns its id, or empty when there was no such repository. */
  public synchronized Optional<String> delete(String name) {
    CodeCommitErrors.checkRepositoryName(name);
    Optional<RepositoryMetadata> existing = find(name);
    if (existing.isEmpty()) {
      return Optional.empty();
    }
    Path trash = root.resolve(".deleting-" + UUID.randomUUID());
    try {
      Files.move(directory(name), trash, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Could not delete repository " + name, e);
    }
    deleteQuietly(trash);
    return Optional.of(existing.get().repositoryId());
  }

  /** The repository's branches, in name order; RepositoryDoesNotExistException when there is none. */
  public List<String> branches(String name) {
    try (Repository repository = require(name)) {
      return repository.getRefDatabase().getRefsByPrefix(Constants.R_HEADS).stream()
          .map(ref -> ref.getName().substring(Constants.R_HEADS.length())).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The commit the branch points at; empty when the repository has no such branch. */
  public Optional<String> branchHead(String name, String branch) {
    try (Repository repository = require(name)) {
      Ref ref = repository.exactRef(Constants.R_HEADS + branch);
      return ref == null || ref.getObjectId() == null ? Optional.empty() : Optional.of(ref.getObjectId().name());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<Path> gitDirectory(String repositoryName) {
    try {
      CodeCommitErrors.checkRepositoryName(repositoryName);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Path directory = directory(repositoryName);
    return Files.isDirectory(directory.resolve("objects")) ? Optional.of(directory) : Optional.empty();
  }

  /** {@code arn:aws:codecommit:<region>:<account>:<name>}. */
  public String arn(String name) {
    return "arn:aws:codecommit:" + region + ":" + accountId + ":" + name;
  }

  /** Opens a repository by name; empty when the name is invalid or unknown. The caller closes it. */
  Optional<Repository> open(String name) {
    Optional<Path> directory = gitDirectory(name);
    if (directory.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new FileRepositoryBuilder().setGitDir(directory.get().toFile()).setMustExist(true).build());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** After a push: the repository was modified, and its first pushed branch becomes the default branch. */
  void pushed(Repository repository, Collection<ReceiveCommand> commands) throws IOException {
    Ref head = repository.exactRef(Constants.HEAD);
    boolean headResolves = head != null && head.getObjectId() != null;
    if (!headResolves) {
      Optional<String> firstBranch = commands.stream()
          .filter(c -> c.getResult() == ReceiveCommand.Result.OK && c.getType() != ReceiveCommand.Type.DELETE)
          .map(ReceiveCommand::getRefName).filter(r -> r.startsWith(Constants.R_HEADS)).findFirst();
      if (firstBranch.isPresent()) {
        RefUpdate update = repository.updateRef(Constants.HEAD);
        update.link(firstBranch.get());
      }
    }
    StoredConfig config = repository.getConfig();
    config.setLong(SECTION, null, "lastModifiedDate", clock.millis());
    config.save();
  }

  private Repository require(String name) {
    CodeCommitErrors.checkRepositoryName(name);
    return open(name).orElseThrow(() -> CodeCommitErrors.repositoryDoesNotExist(name));
  }

  private RepositoryMetadata metadata(String name, Repository repository) throws IOException {
    StoredConfig config = repository.getConfig();
    Ref head = repository.exactRef(Constants.HEAD);
    String defaultBranch = head != null && head.isSymbolic() && head.getObjectId() != null
        ? Repository.shortenRefName(head.getTarget().getName()) : null;
    return new RepositoryMetadata(accountId, config.getString(SECTION, null, "repositoryId"), name,
        config.getString(SECTION, null, "description"), defaultBranch,
        Instant.ofEpochMilli(config.getLong(SECTION, null, "lastModifiedDate", 0)),
        Instant.ofEpochMilli(config.getLong(SECTION, null, "creationDate", 0)),
        baseUrl.get() + "/git/" + name + ".git", arn(name));
  }

  private Path directory(String name) {
    return root.resolve(name + ".git");
  }

  private static void deleteQuietly(Path directory) {
    try {
      FileUtils.delete(directory.toFile(), FileUtils.RECURSIVE | FileUtils.SKIP_MISSING | FileUtils.RETRY);
    } catch (IOException e) {
      // a leftover staging or trash directory is ignored by list() and never read
    }
  }
}

package dev.flowline.actions.source;

import java.nio.file.Path;
import java.util.Optional;

/** Where the CodeCommit source action finds a repository: the bare git directory Flowline hosts under that name. */
@FunctionalInterface
public interface CodeCommitRepositories {

  /** The git directory of repository {@code repositoryName}, or empty when Flowline hosts no such repository. */
  Optional<Path> gitDirectory(String repositoryName);
}

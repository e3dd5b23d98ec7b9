package dev.flowline.codecommit;

import dev.flowline.triggers.CodeCommitPushTriggers;
import dev.flowline.triggers.CodeCommitPushTriggers.StartedExecution;
import dev.flowline.triggers.GitPush;
import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.diff.DiffFormatter;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.PostReceiveHook;
import org.eclipse.jgit.transport.ReceiveCommand;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.util.io.DisabledOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs in the pushing request, after the refs are updated: records the push on the repository and hands
 * every updated ref to the push triggers, telling the pusher ({@code remote: ...}) which executions started.
 */
final class PushHook implements PostReceiveHook {
  private static final Logger log = LoggerFactory.getLogger(PushHook.class);

  private final String repositoryName;
  private final HostedRepositories repositories;
  private final CodeCommitPushTriggers triggers;

  PushHook(String repositoryName, HostedRepositories repositories, CodeCommitPushTriggers triggers) {
    this.repositoryName = repositoryName;
    this.repositories = repositories;
    this.triggers = triggers;
  }

  @Override
  public void onPostReceive(ReceivePack pack, Collection<ReceiveCommand> commands) {
    Repository repository = pack.getRepository();
    try {
      repositories.pushed(repository, commands);
    } catch (IOException e) {
      log.warn("Could not record the push to {}: {}", repositoryName, e.getMessage());
    }
    for (ReceiveCommand command : commands) {
      if (command.getResult() != ReceiveCommand.Result.OK || command.getType() == ReceiveCommand.Type.DELETE) {
        continue;
      }
      try {
        GitPush push = push(repository, command);
        if (push == null) {
          continue;
        }
        List<StartedExecution> started = triggers.pushed(push);
        for (StartedExecution execution : started) {
          pack.sendMessage("Flowline: started pipeline " + execution.pipelineName() + ", execution "
              + execution.pipelineExecutionId() + " (" + execution.triggerType() + ")");
        }
        if (started.isEmpty()) {
          pack.sendMessage("Flowline: no pipeline watches " + command.getRefName());
        }
      } catch (IOException | RuntimeException e) {
        log.error("Push triggers failed for {} {}", repositoryName, command.getRefName(), e);
        pack.sendError("Flowline: could not start pipelines for " + command.getRefName() + ": " + e.getMessage());
      }
    }
  }

  /** The push of one ref, with its commit peeled from an annotated tag; null when it names no commit. */
  private GitPush push(Repository repository, ReceiveCommand command) throws IOException {
    RevCommit commit;
    try (RevWalk walk = new RevWalk(repository)) {
      commit = walk.parseCommit(command.getNewId());
    } catch (IncorrectObjectTypeException e) {
      return null;
    }
    ObjectId old = command.getOldId();
    String oldId = old == null || ObjectId.zeroId().equals(old) ? null : old.name();
    Supplier<Set<String>> changed = memoized(() -> changedFiles(repository, oldId, commit));
    return new GitPush(repositoryName, repositories.arn(repositoryName), command.getRefName(), oldId,
        commit.name(), changed);
  }

  /** Paths changed from the old commit (or the new commit's first parent) to the new one; old and new paths. */
  static Set<String> changedFiles(Repository repository, String oldId, RevCommit commit) {
    try (RevWalk walk = new RevWalk(repository);
        DiffFormatter diff = new DiffFormatter(DisabledOutputStream.INSTANCE)) {
      diff.setRepository(repository);
      RevCommit newCommit = walk.parseCommit(commit);
      ObjectId oldTree = null;
      if (oldId != null) {
        oldTree = walk.parseCommit(ObjectId.fromString(oldId)).getTree();
      } else if (newCommit.getParentCount() > 0) {
        oldTree = walk.parseCommit(newCommit.getParent(0)).getTree();
      }
      Set<String> paths = new LinkedHashSet<>();
      for (DiffEntry entry : diff.scan(oldTree, newCommit.getTree())) {
        if (!DiffEntry.DEV_NULL.equals(entry.getOldPath())) {
          paths.add(entry.getOldPath());
        }
        if (!DiffEntry.DEV_NULL.equals(entry.getNewPath())) {
          paths.add(entry.getNewPath());
        }
      }
      return paths;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static <T> Supplier<T> memoized(Supplier<T> supplier) {
    return new Supplier<>() {
      private T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}

package dev.flowline.triggers;

import dev.flowline.actions.source.ScratchGit;
import dev.flowline.connections.Connection;
import dev.flowline.connections.ConnectionCredentials;
import dev.flowline.connections.ConnectionStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.diff.DiffEntry;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.revwalk.filter.RevFilter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;
import org.eclipse.jgit.treewalk.EmptyTreeIterator;
import org.eclipse.jgit.treewalk.AbstractTreeIterator;
import org.eclipse.jgit.util.FileUtils;

/**
 * The paths a push or pull request changed, when the payload does not list them (a pull request, a Bitbucket push,
 * a truncated commit list): the refs are fetched from the provider with the connection's token into a scratch
 * repository and the trees compared, which is what a provider's compare API answers, for every provider alike.
 */
final class RemoteChangedFiles {
  private final ConnectionStore store;

  RemoteChangedFiles(ConnectionStore store) {
    this.store = store;
  }

  /** The commit {@code ref} points at on the provider (to complete an abbreviated hash); null when none. */
  String head(Connection connection, String repository, String ref) {
    ConnectionCredentials credentials = store.credentials(connection).orElseThrow(() ->
        new IllegalStateException("Connection " + connection.arn() + " has no token"));
    try {
      return Git.lsRemoteRepository().setRemote(credentials.gitBaseUrl() + "/" + repository + ".git")
          .setCredentialsProvider(new UsernamePasswordCredentialsProvider(credentials.user(), credentials.token()))
          .setTimeout(60).callAsMap().entrySet().stream().filter(e -> e.getKey().equals(ref))
          .map(e -> e.getValue().getObjectId().name()).findFirst().orElse(null);
    } catch (GitAPIException e) {
      throw new IllegalStateException("Listing " + repository + " through connection " + connection.arn()
          + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * The paths that differ between {@code from} (a commit, or one of the fetched {@code refs}; when null or
   * unknown, {@code to}'s first parent) and
   * {@code to}; with {@code mergeBase}, between the merge base of {@code from} and {@code to}, and {@code to}.
   */
  Set<String> changed(Connection connection, String repository, List<String> refs, String from, String to,
      boolean mergeBase) {
    Path scratch = null;
    try {
      scratch = Files.createTempDirectory("flowline-compare");
      ConnectionCredentials credentials = store.credentials(connection).orElseThrow(() ->
          new IllegalStateException("Connection " + connection.arn() + " has no token"));
      try (Repository local = FileRepositoryBuilder.create(scratch.resolve("git").toFile())) {
        local.create(true);
        ScratchGit.disableAutoGc(local);
        String url = credentials.gitBaseUrl() + "/" + repository + ".git";
        UsernamePasswordCredentialsProvider login =
            new UsernamePasswordCredentialsProvider(credentials.user(), credentials.token());
        Set<String> advertised = Git.lsRemoteRepository().setRemote(url).setCredentialsProvider(login).setTimeout(60)
            .callAsMap().keySet();
        // a ref the provider does not have (no pull ref on a plain git server) is left out, not an error
        List<RefSpec> specs = new ArrayList<>();
        for (String ref : refs) {
          if (advertised.contains(ref)) {
            specs.add(new RefSpec("+" + ref + ":" + ref));
          }
        }
        if (!specs.isEmpty()) {
          new Git(local).fetch().setRemote(url).setCredentialsProvider(login).setRefSpecs(specs).setTimeout(60).call();
        }
        return diff(local, from, to, mergeBase);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GitAPIException e) {
      throw new IllegalStateException("Comparing " + repository + " through connection " + connection.arn()
          + " failed: " + e.getMessage(), e);
    } finally {
      if (scratch != null) {
        try {
          FileUtils.delete(scratch.toFile(), FileUtils.RECURSIVE | FileUtils.IGNORE_ERRORS);
        } catch (IOException ignored) {
          // a scratch directory left in the temp dir
        }
      }
    }
  }

  private static Set<String> diff(Repository local, String from, String to, boolean mergeBase) throws IOException {
    try (RevWalk walk = new RevWalk(local); ObjectReader reader = local.newObjectReader();
        Git git = new Git(local)) {
      RevCommit head = walk.parseCommit(ObjectId.fromString(to));
      RevCommit base = null;
      ObjectId fromId = from == null ? null : from.startsWith("refs/") ? local.resolve(from)
          : from.matches("[0-9a-f]{40}") ? ObjectId.fromString(from) : null;
      if (fromId != null && local.getObjectDatabase().has(fromId)) {
        base = walk.parseCommit(fromId);
        if (mergeBase) {
          walk.reset();
          walk.setRevFilter(RevFilter.MERGE_BASE);
          walk.markStart(walk.parseCommit(head));
          walk.markStart(walk.parseCommit(base));
          base = walk.next();
        }
      } else if (head.getParentCount() > 0) {
        base = walk.parseCommit(head.getParent(0));
      }
      Set<String> paths = new LinkedHashSet<>();
      for (DiffEntry entry : git.diff().setOldTree(tree(reader, base)).setNewTree(tree(reader, head)).call()) {
        if (!entry.getOldPath().equals(DiffEntry.DEV_NULL)) {
          paths.add(entry.getOldPath());
        }
        if (!entry.getNewPath().equals(DiffEntry.DEV_NULL)) {
          paths.add(entry.getNewPath());
        }
      }
      return paths;
    } catch (GitAPIException e) {
      throw new IllegalStateException("Comparing commits failed: " + e.getMessage(), e);
    }
  }

  private static AbstractTreeIterator tree(ObjectReader reader, RevCommit commit) throws IOException {
    if (commit == null) {
      return new EmptyTreeIterator();
    }
    CanonicalTreeParser parser = new CanonicalTreeParser();
    parser.reset(reader, commit.getTree());
    return parser;
  }
}

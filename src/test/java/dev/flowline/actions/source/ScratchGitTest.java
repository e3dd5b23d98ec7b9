package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.NullProgressMonitor;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchGitTest {

  @TempDir Path directory;

  @Test
  @DisplayName("given more loose objects than gc.auto allows, JGit's automatic gc packs them, unless the repository"
      + " is a scratch one")
  void scratchRepositoriesAreNeverCollectedAutomatically() throws IOException {
    assertThat(looseObjectsAfterAutoGc("control", false)).isZero();
    assertThat(looseObjectsAfterAutoGc("scratch", true)).isEqualTo(BLOBS + 2);
  }

  /** JGit's gc.auto is 6,700, estimated from the objects/17 directory: twice that leaves no doubt. */
  private static final int BLOBS = 14_000;

  /** A commit of {@value #BLOBS} loose blobs on main, then what a fetch does at its end: {@code autoGC}. */
  private long looseObjectsAfterAutoGc(String name, boolean scratch) throws IOException {
    Path gitDir = directory.resolve(name + ".git");
    try (Repository repository = FileRepositoryBuilder.create(gitDir.toFile())) {
      repository.create(true);
      if (scratch) {
        ScratchGit.disableAutoGc(repository);
      }
      StoredConfig config = repository.getConfig();
      // in the foreground, so that the control's gc has finished when autoGC returns
      config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
      config.save();
      try (ObjectInserter inserter = repository.newObjectInserter()) {
        TreeFormatter tree = new TreeFormatter();
        for (int i = 0; i < BLOBS; i++) {
          tree.append(String.format("f%05d", i), FileMode.REGULAR_FILE,
              inserter.insert(Constants.OBJ_BLOB, ("blob " + i).getBytes(StandardCharsets.UTF_8)));
        }
        CommitBuilder commit = new CommitBuilder();
        commit.setTreeId(inserter.insert(tree));
        commit.setAuthor(new PersonIdent("test", "test@example.com"));
        commit.setCommitter(commit.getAuthor());
        commit.setMessage("many files");
        ObjectId commitId = inserter.insert(commit);
        inserter.flush();
        RefUpdate main = repository.updateRef("refs/heads/main");
        main.setNewObjectId(commitId);
        main.forceUpdate();
      }
      repository.autoGC(NullProgressMonitor.INSTANCE);
    }
    try (Stream<Path> files = Files.walk(gitDir.resolve("objects"))) {
      return files.filter(Files::isRegularFile)
          .filter(p -> p.getParent().getFileName().toString().matches("[0-9a-f]{2}")).count();
    }
  }
}

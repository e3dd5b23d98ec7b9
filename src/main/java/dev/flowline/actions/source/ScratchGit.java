package dev.flowline.actions.source;

import java.io.IOException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;

/** Repositories Flowline fetches into and deletes soon after: a workspace's clone, a submodule, a diff's scratch. */
public final class ScratchGit {
  private ScratchGit() {}

  /**
   * Turns JGit's automatic gc off. A fetch may start it on a background thread, which then writes
   * {@code gc.log.lock} and packs into a directory that is being deleted: the delete fails, or the gc does. A
   * repository that lives for one action has nothing to gain from it.
   */
  public static void disableAutoGc(Repository repository) throws IOException {
    StoredConfig config = repository.getConfig();
    config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTO, 0);
    config.setInt(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTOPACKLIMIT, 0);
    config.save();
  }
}

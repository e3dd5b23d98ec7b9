package dev.flowline.actions.source;

import org.eclipse.jgit.lib.ObjectChecker;

/**
 * The one object checker for git objects Flowline receives (a push) or checks out (the CodeCommit source
 * action): git's fsck rules with the Windows and macOS ones on, so names those systems alias to {@code .git}
 * are refused too. Zero-padded tree modes, which git's fsck only warns about and old tools wrote, are allowed.
 */
public final class GitFsck {

  private GitFsck() {}

  /** A new checker; not thread-safe, so one per push or checkout. */
  public static ObjectChecker checker() {
    return new ObjectChecker().setSafeForWindows(true).setSafeForMacOS(true)
        .setIgnore(ObjectChecker.ErrorType.ZERO_PADDED_FILEMODE, true);
  }
}

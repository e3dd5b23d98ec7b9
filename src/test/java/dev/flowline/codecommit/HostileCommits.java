package dev.flowline.codecommit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;

/**
 * Commits no honest git client makes, built with the real git CLI as issue 11's reproduction builds them
 * ({@code git hash-object -t tree --literally}): the object database accepts them, fsck does not.
 */
public final class HostileCommits {

  private HostileCommits() {}

  /**
   * A commit whose root tree holds a symbolic link {@code a -> linkTarget} followed by a directory {@code a/}
   * with {@code pwned.txt}: checked out naively, {@code pwned.txt} lands in {@code linkTarget}.
   *
   * @return the commit id; no ref points at it
   */
  public static String symlinkThenDirectory(GitCli git, Path repository, String linkTarget)
      throws IOException, InterruptedException {
    String pwned = object(git, repository, "blob", "pwned\n".getBytes(StandardCharsets.UTF_8));
    String link = object(git, repository, "blob", linkTarget.getBytes(StandardCharsets.UTF_8));
    String inner = object(git, repository, "tree", entry("100644", "pwned.txt", pwned));
    ByteArrayOutputStream root = new ByteArrayOutputStream();
    root.writeBytes(entry("120000", "a", link));
    root.writeBytes(entry("40000", "a", inner));
    String tree = object(git, repository, "tree", root.toByteArray());
    return git.run(repository, "commit-tree", tree, "-m", "a symlink and a directory, both named a").ok()
        .output().strip();
  }

  private static byte[] entry(String mode, String name, String id) {
    ByteArrayOutputStream entry = new ByteArrayOutputStream();
    entry.writeBytes((mode + " " + name).getBytes(StandardCharsets.UTF_8));
    entry.write(0);
    entry.writeBytes(HexFormat.of().parseHex(id));
    return entry.toByteArray();
  }

  private static String object(GitCli git, Path repository, String type, byte[] content)
      throws IOException, InterruptedException {
    Path file = Files.createTempFile("flowline-object-", ".bin");
    try {
      Files.write(file, content);
      return git.run(repository, "hash-object", "-t", type, "--literally", "-w", file.toString()).ok().output().strip();
    } finally {
      Files.delete(file);
    }
  }
}

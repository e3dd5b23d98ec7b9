package dev.flowline.actions.source;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.flowline.artifacts.ArtifactRefusedException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.eclipse.jgit.errors.CorruptObjectException;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Checks and writes out a commit's tree, whatever the tree says: the tree objects are judged as git's fsck
 * judges them ({@link GitFsck}: duplicate names, {@code .git}, {@code ..}, names with {@code /}, names
 * Windows or macOS would alias), and, whatever that check let through, every entry is created one path
 * segment at a time below the target, never through a symbolic link or over an entry written before
 * ({@code O_NOFOLLOW}, {@code O_EXCL}). Symbolic links are written as links, with their target as git stores
 * it; submodules (gitlinks) are left out. Every refusal is an {@link ArtifactRefusedException} naming the path.
 */
final class TreeCheckout {
  static final int MAX_DEPTH = 256;
  private static final int MAX_LINK_TARGET_BYTES = 4096;
  /** Linux's NAME_MAX and (less room for the workspace's own path) PATH_MAX. */
  private static final int MAX_SEGMENT_BYTES = 255;
  private static final int MAX_PATH_BYTES = 3072;

  private final ObjectReader reader;
  private final ObjectChecker checker;
  private int written;

  /** @param checker judges each tree before it is used; null only to test the path checks alone */
  TreeCheckout(ObjectReader reader, ObjectChecker checker) {
    this.reader = reader;
    this.checker = checker;
  }

  /** The object checker for checked-out objects, the same as for pushed ones. */
  static ObjectChecker objectChecker() {
    return GitFsck.checker();
  }

  /** Checks every tree below {@code tree} without writing anything. */
  void check(ObjectId tree) throws IOException {
    walk(tree, null, "", 0);
  }

  /** Writes the tree into {@code target} (created if missing, expected empty); returns the entries written. */
  int write(ObjectId tree, Path target) throws IOException {
    Path root = Files.createDirectories(target.toAbsolutePath().normalize());
    walk(tree, root, "", 0);
    return written;
  }

  private void walk(ObjectId treeId, Path directory, String path, int depth) throws IOException {
    if (depth > MAX_DEPTH) {
      throw refuse(path, "trees nest deeper than " + MAX_DEPTH + " levels");
    }
    byte[] raw = bytes(treeId, Constants.OBJ_TREE, path);
    if (checker != null) {
      try {
        checker.checkTree(treeId, raw);
      } catch (CorruptObjectException e) {
        throw refuse(path, "the tree " + treeId.name() + " is malformed: " + e.getMessage());
      }
    }
    CanonicalTreeParser entries = new CanonicalTreeParser();
    try {
      entries.reset(raw);
      for (; !entries.eof(); entries.next()) {
        String name = entries.getEntryPathString();
        String entryPath = path.isEmpty() ? name : path + "/" + name;
        checkName(name, entryPath);
        entry(entries.getEntryRawMode(), entries.getEntryObjectId(), directory, name, entryPath, depth);
      }
    } catch (RuntimeException e) {
      // only a tree the checker did not see can be malformed enough for the parser to fail
      throw refuse(path, "the tree " + treeId.name() + " is malformed: " + e);
    }
  }

  private void entry(int mode, ObjectId id, Path directory, String name, String entryPath, int depth)
      throws IOException {
    Path target = directory == null ? null : directory.resolve(name);
    if (FileMode.TREE.equals(mode)) {
      walk(id, target == null ? null : directory(target, entryPath), entryPath, depth + 1);
    } else if (FileMode.GITLINK.equals(mode)) {
      return;
    } else if (FileMode.SYMLINK.equals(mode)) {
      byte[] link = bytes(id, Constants.OBJ_BLOB, entryPath);
      String linkTarget = new String(link, StandardCharsets.UTF_8);
      if (link.length == 0 || link.length > MAX_LINK_TARGET_BYTES || linkTarget.indexOf('\0') >= 0) {
        throw refuse(entryPath, "the symbolic link's target is empty, longer than " + MAX_LINK_TARGET_BYTES
            + " bytes or holds a NUL");
      }
      if (target != null) {
        link(target, linkTarget, entryPath);
      }
    } else if (FileMode.REGULAR_FILE.equals(mode) || FileMode.EXECUTABLE_FILE.equals(mode)) {
      ObjectLoader blob = open(id, Constants.OBJ_BLOB, entryPath);
      if (target != null) {
        file(target, blob, FileMode.EXECUTABLE_FILE.equals(mode), entryPath);
      }
    } else {
      throw refuse(entryPath, "its mode " + Integer.toOctalString(mode) + " is not a file, link, tree or submodule");
    }
  }

  /** The path checks that hold even without the object checker: one plain, non-special segment. */
  private static void checkName(String name, String entryPath) throws ArtifactRefusedException {
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0 || name.indexOf('\0') >= 0
        || name.toLowerCase(Locale.ROOT).equals(".git")) {
      throw refuse(entryPath, "the name '" + name + "' is not a plain file name");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES
        || entryPath.getBytes(StandardCharsets.UTF_8).length > MAX_PATH_BYTES) {
      throw refuse(entryPath, "the name is longer than " + MAX_SEGMENT_BYTES + " bytes or the path longer than "
          + MAX_PATH_BYTES);
    }
  }

  private Path directory(Path target, String entryPath) throws IOException {
    BasicFileAttributes existing = attributes(target);
    if (existing == null) {
      written++;
      return Files.createDirectory(target);
    }
    if (existing.isSymbolicLink()) {
      throw refuse(entryPath, "it would be written through the symbolic link of the same name");
    }
    if (!existing.isDirectory()) {
      throw refuse(entryPath, "a file of the same name was written before");
    }
    return target;
  }

  private void file(Path target, ObjectLoader blob, boolean executable, String entryPath) throws IOException {
    try (OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        NOFOLLOW_LINKS)) {
      blob.copyTo(out);
    } catch (FileAlreadyExistsException e) {
      throw refuse(entryPath, "an entry of the same name was written before");
    }
    Files.setPosixFilePermissions(target, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    written++;
  }

  private void link(Path target, String linkTarget, String entryPath) throws IOException {
    try {
      Files.createSymbolicLink(target, Path.of(linkTarget));
    } catch (FileAlreadyExistsException e) {
      throw refuse(entryPath, "an entry of the same name was written before");
    }
    written++;
  }

  private byte[] bytes(ObjectId id, int type, String path) throws IOException {
    ObjectLoader loader = open(id, type, path);
    if (type == Constants.OBJ_BLOB && loader.getSize() > MAX_LINK_TARGET_BYTES) {
      throw refuse(path, "the symbolic link's target is longer than " + MAX_LINK_TARGET_BYTES + " bytes");
    }
    try {
      return loader.getCachedBytes();
    } catch (RuntimeException e) {
      throw refuse(path, "the object " + id.name() + " cannot be read: " + e.getMessage());
    }
  }

  private ObjectLoader open(ObjectId id, int type, String path) throws IOException {
    try {
      return reader.open(id, type);
    } catch (MissingObjectException | IncorrectObjectTypeException e) {
      throw refuse(path, "the object " + id.name() + " is missing or not a " + Constants.typeString(type));
    }
  }

  private static BasicFileAttributes attributes(Path path) throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private static ArtifactRefusedException refuse(String path, String why) {
    String shown = path.isEmpty() ? "/" : path.replaceAll("\\p{Cntrl}", "?");
    return new ArtifactRefusedException("Refusing tree entry '" + (shown.length() > 200
        ? shown.substring(0, 200) + "..." : shown) + "': " + why);
  }
}

package dev.flowline.artifacts;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Artifacts are zip files. This zips a directory (optionally only the files matching CodeBuild-style
 * {@code files} globs) and unzips a stream into a directory, keeping Unix permissions (the executable bit)
 * in both directions. It uses the JDK's zip file system because {@code java.util.zip} cannot read or
 * write the external attributes where {@code zip}/{@code unzip} keep permissions.
 */
public final class Zips {

  private static final Set<PosixFilePermission> DEFAULT_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");

  private Zips() {}

  /** Zips every regular file under {@code directory} into {@code zipFile} (which must not exist); returns the file count. */
  public static int zip(Path directory, Path zipFile) throws IOException {
    return zip(directory, List.of("**/*"), zipFile);
  }

  /**
   * Zips the regular files under {@code directory} whose path relative to it matches one of {@code patterns}
   * into {@code zipFile}, which must not exist. Returns how many files were written; with none, the zip is
   * still created (empty).
   *
   * @see #matcher(List) for the pattern syntax
   */
  public static int zip(Path directory, List<String> patterns, Path zipFile) throws IOException {
    if (Files.exists(zipFile)) {
      throw new java.nio.file.FileAlreadyExistsException(zipFile.toString());
    }
    Predicate<String> selected = matcher(patterns);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.filter(Files::isRegularFile)
          .filter(p -> selected.test(relativeName(directory, p)))
          .sorted()
          .forEach(files::add);
    }
    Map<String, Object> env = Map.of("create", "true", "enablePosixFileAttributes", "true");
    try (FileSystem zip = FileSystems.newFileSystem(zipFile, env)) {
      for (Path file : files) {
        Path entry = zip.getPath(relativeName(directory, file));
        if (entry.getParent() != null) {
          Files.createDirectories(entry.getParent());
        }
        Files.copy(file, entry);
        Files.setPosixFilePermissions(entry, permissionsOf(file));
      }
    }
    if (!Files.exists(zipFile)) {
      writeEmptyZip(zipFile);
    }
    return files.size();
  }

  /** Unzips {@code zip} into {@code directory} (created if missing); refuses entries that would land outside it. */
  public static void unzip(InputStream zip, Path directory) throws IOException {
    Files.createDirectories(directory);
    Path parent = directory.toAbsolutePath().getParent();
    Path temp = parent == null ? Files.createTempFile(".unzip-", ".zip") : Files.createTempFile(parent, ".unzip-", ".zip");
    try {
      Files.copy(zip, temp, StandardCopyOption.REPLACE_EXISTING);
      unzip(temp, directory);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** Unzips the zip file {@code zipFile} into {@code directory} (created if missing). */
  public static void unzip(Path zipFile, Path directory) throws IOException {
    Path root = directory.toAbsolutePath().normalize();
    Files.createDirectories(root);
    if (Files.size(zipFile) == 0) {
      throw new IOException("Not a zip file: the artifact is empty");
    }
    Map<String, Object> env = Map.of("enablePosixFileAttributes", "true", "defaultPermissions", DEFAULT_FILE_PERMISSIONS);
    try (FileSystem zip = openZip(zipFile, env); Stream<Path> entries = Files.walk(zip.getPath("/"))) {
      for (Path entry : (Iterable<Path>) entries::iterator) {
        String name = entry.toString().substring(1);
        if (name.isEmpty()) {
          continue;
        }
        Path target = root.resolve(name).normalize();
        if (!target.startsWith(root) || target.equals(root)) {
          throw new IOException("Refusing to unzip entry '" + name + "': it points outside the target directory");
        }
        if (Files.isDirectory(entry)) {
          Files.createDirectories(target);
        } else {
          Files.createDirectories(target.getParent());
          Files.copy(entry, target, StandardCopyOption.REPLACE_EXISTING);
          applyPermissions(target, Files.getPosixFilePermissions(entry));
        }
      }
    }
  }

  /**
   * The matcher for CodeBuild's {@code files} patterns, applied to paths relative to the zipped directory
   * with {@code /} separators: {@code *} matches within one path segment, {@code ?} one character of it,
   * {@code **} any number of segments ({@code **}{@code /*} = every file, {@code dist/**} = everything under
   * {@code dist}); a leading {@code ./} is ignored.
   */
  public static Predicate<String> matcher(List<String> patterns) {
    List<Pattern> compiled = patterns.stream().map(Zips::globToRegex).map(Pattern::compile).toList();
    return path -> compiled.stream().anyMatch(p -> p.matcher(path).matches());
  }

  static String globToRegex(String glob) {
    String g = glob.strip();
    while (g.startsWith("./")) {
      g = g.substring(2);
    }
    StringBuilder regex = new StringBuilder();
    int i = 0;
    while (i < g.length()) {
      char c = g.charAt(i);
      if (g.startsWith("**/", i)) {
        regex.append("(?:.*/)?");
        i += 3;
      } else if (g.startsWith("/**", i) && i + 3 == g.length()) {
        regex.append("(?:/.*)?");
        i += 3;
      } else if (g.startsWith("**", i)) {
        regex.append(".*");
        i += 2;
      } else if (c == '*') {
        regex.append("[^/]*");
        i++;
      } else if (c == '?') {
        regex.append("[^/]");
        i++;
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
        i++;
      }
    }
    return regex.toString();
  }

  private static FileSystem openZip(Path zipFile, Map<String, Object> env) throws IOException {
    try {
      return FileSystems.newFileSystem(zipFile, env);
    } catch (java.util.zip.ZipException e) {
      throw new IOException("Not a valid zip file: " + e.getMessage(), e);
    }
  }

  private static String relativeName(Path directory, Path file) {
    return directory.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  private static Set<PosixFilePermission> permissionsOf(Path file) throws IOException {
    if (Files.getFileAttributeView(file, PosixFileAttributeView.class) == null) {
      return DEFAULT_FILE_PERMISSIONS;
    }
    return Files.getPosixFilePermissions(file);
  }

  /** Keeps the entry's permissions but never makes a file unreadable or unwritable for its owner. */
  private static void applyPermissions(Path target, Set<PosixFilePermission> fromZip) throws IOException {
    if (Files.getFileAttributeView(target, PosixFileAttributeView.class) == null) {
      return;
    }
    Set<PosixFilePermission> permissions = fromZip.isEmpty() ? EnumSet.copyOf(DEFAULT_FILE_PERMISSIONS) : EnumSet.copyOf(fromZip);
    permissions.add(PosixFilePermission.OWNER_READ);
    permissions.add(PosixFilePermission.OWNER_WRITE);
    Files.setPosixFilePermissions(target, permissions);
  }

  /** The 22-byte end-of-central-directory record alone: a valid zip without entries. */
  private static void writeEmptyZip(Path zipFile) throws IOException {
    byte[] empty = new byte[22];
    empty[0] = 0x50;
    empty[1] = 0x4b;
    empty[2] = 0x05;
    empty[3] = 0x06;
    Files.write(zipFile, empty, java.nio.file.StandardOpenOption.CREATE_NEW);
  }
}

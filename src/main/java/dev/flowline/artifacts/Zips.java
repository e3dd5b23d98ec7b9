package dev.flowline.artifacts;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipFile;

/**
 * Artifacts are zip files. This zips a directory (optionally only the files matching CodeBuild-style
 * {@code files} globs) and unzips a zip into a directory, keeping Unix permissions (the executable bit) and
 * symbolic links in both directions, as {@code zip -y}/{@code unzip}, git and CodeBuild keep them.
 *
 * <p>Neither direction ever follows a symbolic link: zipping stores a link as a link (its target as text,
 * whatever it points at), so a link to a host file never copies that file into an artifact; unzipping
 * creates links as links and refuses an entry that would be written through one, an entry with {@code ..}
 * or an absolute path, and an artifact that inflates beyond its {@link ArtifactLimits} (counted on the bytes
 * actually inflated, so a zip bomb is stopped at the limit, not inflated in full). Every refusal is an
 * {@link ArtifactRefusedException}.
 */
public final class Zips {

  private static final Set<PosixFilePermission> DEFAULT_FILE_PERMISSIONS = PosixFilePermissions.fromString("rw-r--r--");
  private static final int TYPE_MASK = 0170000;
  private static final int REGULAR_FILE = 0100000;
  private static final int SYMBOLIC_LINK = 0120000;
  private static final int MAX_LINK_TARGET_BYTES = 4096;
  /** Linux's NAME_MAX and (less room for the workspace's own path) PATH_MAX. */
  private static final int MAX_SEGMENT_BYTES = 255;
  private static final int MAX_NAME_BYTES = 3072;

  private Zips() {}

  /** Zips every regular file and symbolic link under {@code directory} into {@code zipFile} (which must not exist). */
  public static int zip(Path directory, Path zipFile) throws IOException {
    return zip(directory, List.of("**/*"), zipFile);
  }

  /**
   * Zips the regular files and symbolic links under {@code directory} whose path relative to it matches one
   * of {@code patterns} into {@code zipFile}, which must not exist. Returns how many entries were written;
   * with none, the zip is still created (empty). Symbolic links are stored as links, never followed.
   *
   * @see #matcher(List) for the pattern syntax
   */
  public static int zip(Path directory, List<String> patterns, Path zipFile) throws IOException {
    if (Files.exists(zipFile, NOFOLLOW_LINKS)) {
      throw new FileAlreadyExistsException(zipFile.toString());
    }
    Predicate<String> selected = matcher(patterns);
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(directory)) {
      walk.filter(p -> Files.isRegularFile(p, NOFOLLOW_LINKS) || Files.isSymbolicLink(p))
          .filter(p -> selected.test(relativeName(directory, p)))
          .sorted()
          .forEach(files::add);
    }
    try (ZipArchiveOutputStream zip = new ZipArchiveOutputStream(zipFile, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE)) {
      for (Path file : files) {
        ZipArchiveEntry entry = new ZipArchiveEntry(relativeName(directory, file));
        entry.setTime(Files.getLastModifiedTime(file, NOFOLLOW_LINKS).toMillis());
        if (Files.isSymbolicLink(file)) {
          entry.setUnixMode(SYMBOLIC_LINK | 0777);
          zip.putArchiveEntry(entry);
          zip.write(Files.readSymbolicLink(file).toString().getBytes(StandardCharsets.UTF_8));
        } else {
          entry.setUnixMode(REGULAR_FILE | mode(permissionsOf(file)));
          zip.putArchiveEntry(entry);
          try (InputStream in = Files.newInputStream(file, NOFOLLOW_LINKS)) {
            in.transferTo(zip);
          }
        }
        zip.closeArchiveEntry();
      }
    }
    return files.size();
  }

  /** Unzips {@code zip} into {@code directory} (created if missing), within {@code limits}; see {@link #unzip(Path, Path, ArtifactLimits)}. */
  public static void unzip(InputStream zip, Path directory, ArtifactLimits limits) throws IOException {
    Files.createDirectories(directory);
    Path parent = directory.toAbsolutePath().getParent();
    Path temp = parent == null ? Files.createTempFile(".unzip-", ".zip") : Files.createTempFile(parent, ".unzip-", ".zip");
    try {
      Files.copy(zip, temp, StandardCopyOption.REPLACE_EXISTING);
      unzip(temp, directory, limits);
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /** {@link #unzip(Path, Path, ArtifactLimits)} with the default limits. */
  public static void unzip(Path zipFile, Path directory) throws IOException {
    unzip(zipFile, directory, ArtifactLimits.defaults());
  }

  /**
   * Unzips the zip file {@code zipFile} into {@code directory} (created if missing). Refuses, with
   * {@link ArtifactRefusedException}: data that is not a zip, an entry with {@code ..}, an absolute path or a
   * NUL, an entry below or at a symbolic link or file it unpacked before (or one already there), and more
   * bytes or entries than {@code limits} allow. What was unpacked before a refusal stays in {@code directory}
   * (the caller's workspace); nothing is written outside it.
   */
  public static void unzip(Path zipFile, Path directory, ArtifactLimits limits) throws IOException {
    Path root = directory.toAbsolutePath().normalize();
    Files.createDirectories(root);
    if (Files.size(zipFile) == 0) {
      throw new ArtifactRefusedException("Not a zip file: the artifact is empty");
    }
    try (ZipFile zip = openZip(zipFile)) {
      Unpacking unpacking = new Unpacking(zip, root, limits);
      for (ZipArchiveEntry entry : Collections.list(zip.getEntriesInPhysicalOrder())) {
        unpacking.unpack(entry);
      }
    } catch (RuntimeException e) {
      // commons-compress reports some malformed structures unchecked; they are the zip's fault, not ours
      throw new ArtifactRefusedException("Not a valid zip file: " + e, e);
    }
  }

  /** One unzip: where it writes and what it has used of its limits. */
  private static final class Unpacking {
    private final ZipFile zip;
    private final Path root;
    private final ArtifactLimits limits;
    private long bytes;
    private int entries;

    Unpacking(ZipFile zip, Path root, ArtifactLimits limits) {
      this.zip = zip;
      this.root = root;
      this.limits = limits;
    }

    void unpack(ZipArchiveEntry entry) throws IOException {
      if (++entries > limits.maxFiles()) {
        throw new ArtifactRefusedException("The artifact holds more than " + limits.maxFiles()
            + " entries (flowline.artifacts.max-files); unpacking stopped");
      }
      String name = entry.getName();
      List<String> segments = segments(name);
      if (segments.isEmpty()) {
        return;
      }
      Path parent = root;
      for (String segment : segments.subList(0, segments.size() - 1)) {
        parent = directory(parent.resolve(segment), name);
      }
      Path target = parent.resolve(segments.get(segments.size() - 1));
      if (entry.isUnixSymlink()) {
        link(entry, target, name);
      } else if (entry.isDirectory()) {
        directory(target, name);
      } else {
        file(entry, target, name);
      }
    }

    /** The existing or new directory {@code path}; refused when something else already has its name. */
    private Path directory(Path path, String name) throws IOException {
      BasicFileAttributes existing = attributes(path);
      if (existing == null) {
        return Files.createDirectory(path);
      }
      if (existing.isSymbolicLink()) {
        throw refuse(name, "it would be written through the symbolic link '" + root.relativize(path) + "'");
      }
      if (!existing.isDirectory()) {
        throw refuse(name, "'" + root.relativize(path) + "' is a file, not a directory");
      }
      return path;
    }

    private void file(ZipArchiveEntry entry, Path target, String name) throws IOException {
      BasicFileAttributes existing = attributes(target);
      if (existing != null && existing.isSymbolicLink()) {
        throw refuse(name, "it would be written through the symbolic link '" + root.relativize(target) + "'");
      }
      if (existing != null && !existing.isRegularFile()) {
        throw refuse(name, "'" + root.relativize(target) + "' is already a directory");
      }
      try (InputStream in = read(entry); OutputStream out = Files.newOutputStream(target, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE, NOFOLLOW_LINKS)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n = next(in, buffer, name); n >= 0; n = next(in, buffer, name)) {
          count(n);
          out.write(buffer, 0, n);
        }
      }
      applyPermissions(target, entry.getUnixMode());
    }

    private void link(ZipArchiveEntry entry, Path target, String name) throws IOException {
      byte[] text;
      try (InputStream in = read(entry)) {
        text = readBounded(in, name);
      }
      count(text.length);
      String linkTarget = new String(text, StandardCharsets.UTF_8);
      if (linkTarget.isEmpty() || linkTarget.indexOf('\0') >= 0) {
        throw refuse(name, "the symbolic link's target is empty or holds a NUL");
      }
      if (attributes(target) != null) {
        throw refuse(name, "'" + root.relativize(target) + "' was already unpacked");
      }
      Files.createSymbolicLink(target, Path.of(linkTarget));
    }

    private byte[] readBounded(InputStream in, String name) throws IOException {
      byte[] buffer = new byte[MAX_LINK_TARGET_BYTES + 1];
      int length = 0;
      for (int n = 0; n >= 0 && length < buffer.length; length += n) {
        n = next(in, buffer, length, buffer.length - length, name);
        if (n < 0) {
          break;
        }
      }
      if (length > MAX_LINK_TARGET_BYTES) {
        throw refuse(name, "the symbolic link's target is longer than " + MAX_LINK_TARGET_BYTES + " bytes");
      }
      return Arrays.copyOf(buffer, length);
    }

    private void count(int n) throws ArtifactRefusedException {
      bytes += n;
      if (bytes > limits.maxInflatedSize().toBytes()) {
        throw new ArtifactRefusedException("The artifact inflates beyond " + limits.maxInflatedSize().toBytes()
            + " bytes (flowline.artifacts.max-inflated-size); unpacking stopped");
      }
    }

    private InputStream read(ZipArchiveEntry entry) throws ArtifactRefusedException {
      try {
        return zip.getInputStream(entry);
      } catch (IOException e) {
        throw refuse(entry.getName(), "it cannot be read: " + e.getMessage());
      }
    }

    private int next(InputStream in, byte[] buffer, String name) throws ArtifactRefusedException {
      return next(in, buffer, 0, buffer.length, name);
    }

    /** A read from the zip; its failures are the zip's (corrupt or truncated data), not the disk's. */
    private int next(InputStream in, byte[] buffer, int offset, int length, String name) throws ArtifactRefusedException {
      try {
        return in.read(buffer, offset, length);
      } catch (IOException e) {
        throw refuse(name, "its data is corrupt: " + e.getMessage());
      }
    }

    private ArtifactRefusedException refuse(String name, String why) {
      return Zips.refuse(name, why);
    }

    private static BasicFileAttributes attributes(Path path) throws IOException {
      try {
        return Files.readAttributes(path, BasicFileAttributes.class, NOFOLLOW_LINKS);
      } catch (NoSuchFileException e) {
        return null;
      }
    }
  }

  /** The path segments of an entry name, without empty and {@code .} ones; refuses {@code ..}, absolute paths and NUL. */
  private static List<String> segments(String name) throws ArtifactRefusedException {
    if (name.indexOf('\0') >= 0) {
      throw refuse(name, "its name holds a NUL");
    }
    if (name.startsWith("/") || name.startsWith("\\") || name.matches("^[A-Za-z]:.*")) {
      throw refuse(name, "its path is absolute");
    }
    if (name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw refuse(name, "its name is longer than " + MAX_NAME_BYTES + " bytes");
    }
    List<String> segments = new ArrayList<>();
    for (String segment : name.split("/")) {
      if (segment.equals("..")) {
        throw refuse(name, "it points outside the target directory");
      }
      if (segment.getBytes(StandardCharsets.UTF_8).length > MAX_SEGMENT_BYTES) {
        throw refuse(name, "a file name in it is longer than " + MAX_SEGMENT_BYTES + " bytes");
      }
      if (!segment.isEmpty() && !segment.equals(".")) {
        segments.add(segment);
      }
    }
    return segments;
  }

  private static ArtifactRefusedException refuse(String name, String why) {
    String shown = name.replaceAll("\\p{Cntrl}", "?");
    return new ArtifactRefusedException("Refusing to unzip entry '" + (shown.length() > 200
        ? shown.substring(0, 200) + "..." : shown) + "': " + why);
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

  private static ZipFile openZip(Path zipFile) throws IOException {
    try {
      return ZipFile.builder().setPath(zipFile).get();
    } catch (IOException e) {
      throw new ArtifactRefusedException("Not a valid zip file: " + e.getMessage(), e);
    }
  }

  private static String relativeName(Path directory, Path file) {
    return directory.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }

  private static Set<PosixFilePermission> permissionsOf(Path file) throws IOException {
    if (Files.getFileAttributeView(file, PosixFileAttributeView.class, NOFOLLOW_LINKS) == null) {
      return DEFAULT_FILE_PERMISSIONS;
    }
    return Files.getPosixFilePermissions(file, NOFOLLOW_LINKS);
  }

  private static int mode(Set<PosixFilePermission> permissions) {
    int mode = 0;
    for (PosixFilePermission permission : permissions) {
      mode |= 0400 >> permission.ordinal();
    }
    return mode;
  }

  /** Keeps the entry's permission bits but never makes a file unreadable or unwritable for its owner. */
  private static void applyPermissions(Path target, int unixMode) throws IOException {
    if (Files.getFileAttributeView(target, PosixFileAttributeView.class, NOFOLLOW_LINKS) == null) {
      return;
    }
    Set<PosixFilePermission> permissions = EnumSet.noneOf(PosixFilePermission.class);
    for (PosixFilePermission permission : PosixFilePermission.values()) {
      if ((unixMode & (0400 >> permission.ordinal())) != 0) {
        permissions.add(permission);
      }
    }
    if ((unixMode & TYPE_MASK) != REGULAR_FILE && permissions.isEmpty()) {
      permissions.addAll(DEFAULT_FILE_PERMISSIONS);
    }
    permissions.add(PosixFilePermission.OWNER_READ);
    permissions.add(PosixFilePermission.OWNER_WRITE);
    Files.setPosixFilePermissions(target, permissions);
  }
}

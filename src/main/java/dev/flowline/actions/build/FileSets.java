package dev.flowline.actions.build;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;

import dev.flowline.artifacts.Zips;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The files an {@code artifacts} or {@code reports} block selects: {@code files} globs (CodeBuild's syntax,
 * see {@link Zips#matcher}) relative to each directory {@code base-directory} names, or to the source root.
 * {@code base-directory} may be a glob ({@code 'my-build*'}); it never reaches outside the root.
 */
final class FileSets {

  /** A selected file and its path relative to the base directory it was found under. */
  record Selected(Path file, String relativePath) {
    String fileName() {
      return file.getFileName().toString();
    }
  }

  private FileSets() {}

  /** The directories {@code baseDirectory} names under {@code root}; the root itself when it is null. */
  static List<Path> baseDirectories(Path root, String baseDirectory) throws IOException {
    if (baseDirectory == null || baseDirectory.isBlank()) {
      return List.of(root);
    }
    String base = baseDirectory.strip();
    while (base.startsWith("./")) {
      base = base.substring(2);
    }
    while (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    if (base.isEmpty() || base.equals(".")) {
      return List.of(root);
    }
    if (!base.contains("*") && !base.contains("?")) {
      Path dir = root.resolve(base).normalize();
      return dir.startsWith(root) && Files.isDirectory(dir) && dir.toRealPath().startsWith(root.toRealPath())
          ? List.of(dir) : List.of();
    }
    Predicate<String> matches = Zips.matcher(List.of(base));
    int depth = base.contains("**") ? Integer.MAX_VALUE : base.split("/").length;
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root, depth)) {
      walk.filter(d -> Files.isDirectory(d, NOFOLLOW_LINKS)).filter(d -> !d.equals(root))
          .filter(d -> matches.test(relative(root, d))).sorted().forEach(dirs::add);
    }
    return dirs;
  }

  /**
   * The regular files and symbolic links under {@code baseDirectories} matching {@code globs}, in path order.
   * Links are selected as links (an artifact keeps them as links); no link is followed.
   */
  static List<Selected> select(List<Path> baseDirectories, List<String> globs) throws IOException {
    Predicate<String> matches = Zips.matcher(globs);
    List<Selected> selected = new ArrayList<>();
    for (Path base : baseDirectories) {
      try (Stream<Path> walk = Files.walk(base)) {
        walk.filter(p -> Files.isRegularFile(p, NOFOLLOW_LINKS) || Files.isSymbolicLink(p)).sorted().forEach(file -> {
          String relative = relative(base, file);
          if (matches.test(relative)) {
            selected.add(new Selected(file, relative));
          }
        });
      }
    }
    return selected;
  }

  private static String relative(Path base, Path file) {
    return base.relativize(file).toString().replace(java.io.File.separatorChar, '/');
  }
}

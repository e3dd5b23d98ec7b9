package dev.flowline.triggers;

import dev.flowline.pipeline.GitFilterCriteria;
import dev.flowline.pipeline.GitPushFilter;
import java.nio.file.FileSystems;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.PatternSyntaxException;

/**
 * Does a push match a V2 trigger's push filters? CodePipeline's rules ({@code pipelines-filter.html}):
 * <ul>
 *   <li>a trigger has up to three push filters; the push starts the pipeline when any one matches;</li>
 *   <li>a tag push is judged by the filter's {@code tags}, a branch push by its {@code branches} and then its
 *       {@code filePaths}; a filter without the criteria for the pushed kind of ref does not match it, and a
 *       deleted ref never matches;</li>
 *   <li>within one criteria, a name matches when it matches no {@code excludes} pattern and (if there are
 *       {@code includes}) at least one include: excludes take priority over includes;</li>
 *   <li>{@code filePaths} match when at least one path changed by the push passes them;</li>
 *   <li>patterns are globs as AWS defines them ({@code syntax-glob.html}): {@code *} within one path
 *       component, {@code **} across {@code /}, {@code ?} one character, {@code [...]} a set, {@code {a,b}}
 *       alternatives, {@code \} escapes — exactly {@link java.nio.file.FileSystem#getPathMatcher} glob syntax.</li>
 * </ul>
 */
public final class PushFilters {

  private PushFilters() {}

  public static boolean anyMatches(List<GitPushFilter> filters, GitPush push) {
    return filters != null && filters.stream().anyMatch(filter -> matches(filter, push));
  }

  public static boolean matches(GitPushFilter filter, GitPush push) {
    if (filter == null || push.deletesRef()) {
      return false;
    }
    if (push.tag().isPresent()) {
      return present(filter.tags()) && passes(filter.tags(), push.tag().get());
    }
    if (push.branch().isEmpty() || !present(filter.branches()) || !passes(filter.branches(), push.branch().get())) {
      return false;
    }
    return !present(filter.filePaths())
        || push.changedFiles().get().stream().anyMatch(path -> passes(filter.filePaths(), path));
  }

  /** Excludes win; without includes, everything not excluded passes. */
  static boolean passes(GitFilterCriteria criteria, String name) {
    if (criteria.excludes() != null && criteria.excludes().stream().anyMatch(glob -> glob(glob, name))) {
      return false;
    }
    return criteria.includes() == null || criteria.includes().isEmpty()
        || criteria.includes().stream().anyMatch(glob -> glob(glob, name));
  }

  static boolean glob(String pattern, String name) {
    try {
      return FileSystems.getDefault().getPathMatcher("glob:" + pattern).matches(Path.of(name));
    } catch (PatternSyntaxException | InvalidPathException e) {
      return false;
    }
  }

  static boolean present(GitFilterCriteria criteria) {
    return criteria != null && (criteria.includes() != null && !criteria.includes().isEmpty()
        || criteria.excludes() != null && !criteria.excludes().isEmpty());
  }
}

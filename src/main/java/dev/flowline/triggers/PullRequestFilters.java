package dev.flowline.triggers;

import dev.flowline.pipeline.GitPullRequestFilter;
import java.util.List;

/**
 * Does a pull request event match a V2 trigger's pull-request filters? CodePipeline's rules
 * ({@code pipelines-filter.html}), with the same glob and include/exclude rules as {@link PushFilters}:
 * <ul>
 *   <li>up to three filters; the event starts the pipeline when any one matches;</li>
 *   <li>{@code events}: the event must be one of them (OPEN, UPDATED, CLOSED); without events, all three;</li>
 *   <li>{@code branches} (required by the filter's shape) judge the <em>destination</em> branch — "pull request
 *       opened/updated/closed into target branches"; a filter without branches matches nothing;</li>
 *   <li>{@code filePaths}: at least one path the pull request changes passes them.</li>
 * </ul>
 */
public final class PullRequestFilters {

  private PullRequestFilters() {}

  public static boolean anyMatches(List<GitPullRequestFilter> filters, PullRequestEvent event) {
    return filters != null && filters.stream().anyMatch(filter -> matches(filter, event));
  }

  public static boolean matches(GitPullRequestFilter filter, PullRequestEvent event) {
    if (filter == null || event.event() == null) {
      return false;
    }
    if (filter.events() != null && !filter.events().isEmpty() && !filter.events().contains(event.event().name())) {
      return false;
    }
    if (!PushFilters.present(filter.branches()) || !PushFilters.passes(filter.branches(), event.destinationBranch())) {
      return false;
    }
    return !PushFilters.present(filter.filePaths())
        || event.changedFiles().get().stream().anyMatch(path -> PushFilters.passes(filter.filePaths(), path));
  }
}

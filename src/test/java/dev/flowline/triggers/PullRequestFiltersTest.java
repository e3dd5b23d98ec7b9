package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.pipeline.GitFilterCriteria;
import dev.flowline.pipeline.GitPullRequestFilter;
import dev.flowline.triggers.PullRequestEvent.Kind;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Pull-request filter matching as CodePipeline documents it ({@code pipelines-filter.html}): events, the
 * destination branch, file paths, excludes winning, the same globs as push filters.
 */
class PullRequestFiltersTest {

  /** Pull requests into main or release/**, opened or updated, that change src/ but not only docs/. */
  static final GitPullRequestFilter DOCUMENTED = new GitPullRequestFilter(List.of("OPEN", "UPDATED"),
      criteria(List.of("main", "release/**"), null), criteria(List.of("src/**"), List.of("docs/**")));

  static Stream<Arguments> cases() {
    return Stream.of(
        row("opened into main, changing src/: starts", DOCUMENTED, Kind.OPEN, "feature/x", "main", files("src/a.js"), true),
        row("updated into release/1.0: starts", DOCUMENTED, Kind.UPDATED, "fix", "release/1.0", files("src/a.js"), true),
        row("closed is not among the events: no start", DOCUMENTED, Kind.CLOSED, "feature/x", "main", files("src/a.js"), false),
        row("the branches judge the destination, not the source", DOCUMENTED, Kind.OPEN, "main", "develop",
            files("src/a.js"), false),
        row("a source branch named like an include does not help", filter(null, List.of("main"), null), Kind.OPEN,
            "main", "feature", files(), false),
        row("only excluded paths changed: no start", DOCUMENTED, Kind.OPEN, "f", "main", files("docs/a.md"), false),
        row("paths outside the includes: no start", DOCUMENTED, Kind.OPEN, "f", "main", files("README.md"), false),
        row("one path that passes is enough", DOCUMENTED, Kind.OPEN, "f", "main", files("docs/a.md", "src/b.c"), true),
        row("without events, every event matches (CLOSED)", filter(null, List.of("main"), null), Kind.CLOSED, "f",
            "main", files(), true),
        row("without file paths, any change matches", filter(List.of("CLOSED"), List.of("**"), null), Kind.CLOSED, "f",
            "anything/deep", files(), true),
        row("excluded destination wins over **", new GitPullRequestFilter(null, criteria(List.of("**"),
            List.of("release/**")), null), Kind.OPEN, "f", "release/2", files(), false),
        row("a filter without branches matches nothing", new GitPullRequestFilter(List.of("OPEN"), null, null),
            Kind.OPEN, "f", "main", files(), false),
        row("* stays within one component", filter(null, List.of("release/*"), null), Kind.OPEN, "f", "release/1/x",
            files(), false),
        row("{a,b} alternatives", filter(null, List.of("{main,develop}"), null), Kind.UPDATED, "f", "develop", files(),
            true));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void matches(String scenario, GitPullRequestFilter filter, Kind kind, String source, String destination,
      Set<String> changed, boolean expected) {
    PullRequestEvent event = new PullRequestEvent("octo/app", kind, "7", source, destination, "a".repeat(40),
        () -> changed);
    assertThat(PullRequestFilters.matches(filter, event)).as(scenario).isEqualTo(expected);
  }

  @Test
  void anyOfUpToThreeFiltersIsEnough() {
    PullRequestEvent closed = new PullRequestEvent("octo/app", Kind.CLOSED, "7", "f", "main", "a".repeat(40), Set::of);
    assertThat(PullRequestFilters.anyMatches(List.of(DOCUMENTED), closed)).isFalse();
    assertThat(PullRequestFilters.anyMatches(List.of(DOCUMENTED, filter(List.of("CLOSED"), List.of("main"), null)),
        closed)).isTrue();
    assertThat(PullRequestFilters.anyMatches(null, closed)).isFalse();
  }

  @Test
  void changedFilesAreAskedOnlyWhenAFilterHasFilePaths() {
    PullRequestEvent event = new PullRequestEvent("octo/app", Kind.OPEN, "7", "f", "main", "a".repeat(40), () -> {
      throw new AssertionError("the changed files were computed although no filter needs them");
    });
    assertThat(PullRequestFilters.matches(filter(null, List.of("main"), null), event)).isTrue();
  }

  private static Arguments row(String scenario, GitPullRequestFilter filter, Kind kind, String source,
      String destination, Set<String> changed, boolean expected) {
    return Arguments.of(scenario, filter, kind, source, destination, changed, expected);
  }

  private static GitPullRequestFilter filter(List<String> events, List<String> branches, List<String> paths) {
    return new GitPullRequestFilter(events, criteria(branches, null), paths == null ? null : criteria(paths, null));
  }

  private static GitFilterCriteria criteria(List<String> includes, List<String> excludes) {
    return new GitFilterCriteria(includes, excludes);
  }

  private static Set<String> files(String... paths) {
    return new LinkedHashSet<>(Arrays.asList(paths));
  }
}

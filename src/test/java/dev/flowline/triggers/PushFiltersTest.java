package dev.flowline.triggers;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.pipeline.GitFilterCriteria;
import dev.flowline.pipeline.GitPushFilter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Push filter matching as CodePipeline documents it ({@code pipelines-filter.html}, {@code syntax-glob.html};
 * reference §3.1 and §3.2): the patterns of the reference's trigger example, excludes taking priority, glob
 * rules one by one, and how tags, branches and file paths combine.
 */
class PushFiltersTest {

  /** The push filter of the reference's trigger example (§3.1). */
  static final GitPushFilter DOCUMENTED = new GitPushFilter(
      criteria(List.of("v*"), List.of("v*-rc*")),
      criteria(List.of("main", "release/**"), null),
      criteria(List.of("src/**"), List.of("docs/**")));

  static Stream<Arguments> cases() {
    return Stream.of(
        // tags
        row("a tag matching an include starts it", DOCUMENTED, "refs/tags/v1.0", files(), true),
        row("a tag matching an include and an exclude does not: excludes win", DOCUMENTED, "refs/tags/v1.0-rc1", files(), false),
        row("a tag matching no include does not", DOCUMENTED, "refs/tags/release-1", files(), false),
        row("a branch push does not match a tags-only filter", tags(List.of("v*"), null), "refs/heads/v1", files(), false),
        row("a tag push does not match a branches-only filter", branches(List.of("**"), null), "refs/tags/v1", files(), false),
        // branches and file paths of the documented filter
        row("the branch main with a change under src/ starts it", DOCUMENTED, "refs/heads/main", files("src/app.js"), true),
        row("release/** matches a branch any levels below release/", DOCUMENTED, "refs/heads/release/1.0/hotfix",
            files("src/a.c"), true),
        row("a branch that is not included does not start it", DOCUMENTED, "refs/heads/feature/x", files("src/a.c"), false),
        row("only excluded paths changed: no start", DOCUMENTED, "refs/heads/main", files("docs/guide.md"), false),
        row("only paths outside the includes changed: no start", DOCUMENTED, "refs/heads/main", files("README.md"), false),
        row("one changed path that passes is enough", DOCUMENTED, "refs/heads/main", files("docs/a.md", "src/b.js"), true),
        row("file path filters with nothing changed do not match", DOCUMENTED, "refs/heads/main", files(), false),
        // includes and excludes
        row("without includes, every branch that is not excluded matches", branches(null, List.of("feature/**")),
            "refs/heads/dev", files(), true),
        row("without includes, an excluded branch does not match", branches(null, List.of("feature/**")),
            "refs/heads/feature/login", files(), false),
        row("an exclude wins over ** in the includes", branches(List.of("**"), List.of("feature/**")),
            "refs/heads/feature/x", files(), false),
        row("an excluded sub-directory of an included one does not start it",
            paths(List.of("src/**"), List.of("src/generated/**")), "refs/heads/main", files("src/generated/A.java"), false),
        row("names are case sensitive", branches(List.of("main"), null), "refs/heads/Main", files(), false),
        // glob syntax
        row("* stays within one path component", branches(List.of("release/*"), null), "refs/heads/release/1.0/hotfix",
            files(), false),
        row("* matches within a component", branches(List.of("release/*"), null), "refs/heads/release/1.0", files(), true),
        row("** crosses directories", paths(List.of("**/*.java"), null), "refs/heads/main", files("a/b/C.java"), true),
        row("**/ needs at least one directory (java.nio glob)", paths(List.of("**/*.java"), null), "refs/heads/main",
            files("C.java"), false),
        row("excluding {*.md,**/*.md} excludes a top-level README.md", paths(null, List.of("{*.md,**/*.md}")), "refs/heads/main",
            files("README.md"), false),
        row("excluding {*.md,**/*.md} excludes docs/a.md too", paths(null, List.of("{*.md,**/*.md}")), "refs/heads/main",
            files("docs/a.md"), false),
        row("? is exactly one character", tags(List.of("v?"), null), "refs/tags/v1", files(), true),
        row("? does not match two characters", tags(List.of("v?"), null), "refs/tags/v10", files(), false),
        row("[ ] is a set of characters", branches(List.of("release-[0-9]"), null), "refs/heads/release-7", files(), true),
        row("a character outside the set does not match", branches(List.of("release-[0-9]"), null), "refs/heads/release-x",
            files(), false),
        row("{a,b} is one of the alternatives", branches(List.of("{main,develop}"), null), "refs/heads/develop", files(), true),
        row("\\ escapes a special character", paths(List.of("docs/a\\*b.txt"), null), "refs/heads/main",
            files("docs/a*b.txt"), true),
        row("an escaped * is no wildcard", paths(List.of("docs/a\\*b.txt"), null), "refs/heads/main",
            files("docs/axb.txt"), false),
        // refs
        row("a deleted branch never matches", branches(List.of("**"), null), "refs/heads/main", null, false),
        row("other refs (notes) never match", branches(List.of("**"), null), "refs/notes/commits", files(), false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void pushFilterMatching(String rule, GitPushFilter filter, String ref, Set<String> changed, boolean expected) {
    GitPush push = new GitPush("repo", "arn:aws:codecommit:us-east-1:123456789012:repo", ref, null,
        changed == null ? null : "0123456789012345678901234567890123456789", () -> changed);

    assertThat(PushFilters.matches(filter, push)).as(rule).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("anyOfCases")
  void anyPushFilterOfTheTriggerMatches(String rule, String ref, boolean expected) {
    List<GitPushFilter> filters = List.of(tags(List.of("v*"), null), branches(List.of("main"), null));
    GitPush push = new GitPush("repo", "arn", ref, null, "0123456789012345678901234567890123456789", Set::of);

    assertThat(PushFilters.anyMatches(filters, push)).as(rule).isEqualTo(expected);
  }

  static Stream<Arguments> anyOfCases() {
    return Stream.of(
        Arguments.of("the tag filter matches a tag", "refs/tags/v2", true),
        Arguments.of("the branch filter matches main", "refs/heads/main", true),
        Arguments.of("neither filter matches another branch", "refs/heads/dev", false));
  }

  private static Arguments row(String rule, GitPushFilter filter, String ref, Set<String> changed, boolean expected) {
    return Arguments.of(rule, filter, ref, changed, expected);
  }

  private static Set<String> files(String... paths) {
    return new LinkedHashSet<>(Arrays.asList(paths));
  }

  private static GitFilterCriteria criteria(List<String> includes, List<String> excludes) {
    return new GitFilterCriteria(includes, excludes);
  }

  private static GitPushFilter tags(List<String> includes, List<String> excludes) {
    return new GitPushFilter(criteria(includes, excludes), null, null);
  }

  private static GitPushFilter branches(List<String> includes, List<String> excludes) {
    return new GitPushFilter(null, criteria(includes, excludes), null);
  }

  private static GitPushFilter paths(List<String> includes, List<String> excludes) {
    return new GitPushFilter(null, criteria(List.of("**"), null), criteria(includes, excludes));
  }
}

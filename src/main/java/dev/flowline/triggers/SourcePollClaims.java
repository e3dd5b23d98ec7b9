package dev.flowline.triggers;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The pollers' record of what each polled source was seen at ({@code flowline_source_poll}), and their claim on a
 * change. A change is claimed by inserting (source, revision): the primary key lets exactly one node's insert
 * succeed, so a change seen by two nodes at once starts its pipelines once.
 */
final class SourcePollClaims {

  private final JdbcTemplate jdbc;
  private final Clock clock;

  SourcePollClaims(JdbcTemplate jdbc, Clock clock) {
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /**
   * Claims {@code source}'s move to {@code revision} for this node. Answers the revision it moved from, or empty
   * when there is nothing to start: the revision was seen before, another node claimed it, or it is the first one
   * seen (the baseline: what was there when polling began starts nothing).
   */
  Optional<String> claim(String source, String revision) {
    List<String> previous = jdbc.queryForList("SELECT commit_id FROM flowline_source_poll WHERE source_key = ? "
        + "ORDER BY seen DESC", String.class, source);
    if (previous.contains(revision)) {
      return Optional.empty();
    }
    try {
      jdbc.update("INSERT INTO flowline_source_poll (source_key, commit_id, seen) VALUES (?, ?, ?)", source, revision,
          clock.millis());
    } catch (DuplicateKeyException e) {
      return Optional.empty();
    }
    return previous.isEmpty() ? Optional.empty() : Optional.of(previous.get(0));
  }
}

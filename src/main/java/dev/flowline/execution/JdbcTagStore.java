package dev.flowline.execution;

import dev.flowline.pipeline.CodePipelineException;
import dev.flowline.pipeline.Tag;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
public class JdbcTagStore implements TagStore {
  static final int MAX_TAGS = 50;
  private final JdbcTemplate jdbc;

  public JdbcTagStore(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<Tag> tags(String resourceArn) {
    return jdbc.query("SELECT tag_key, tag_value FROM flowline_tag WHERE resource_arn = ? ORDER BY tag_key",
        (rs, i) -> new Tag(rs.getString(1), rs.getString(2)), resourceArn);
  }

  @Override
  public void tag(String resourceArn, Collection<Tag> tags) {
    for (Tag tag : tags) {
      if (tag.key() != null && tag.key().startsWith("aws:")) {
        throw new CodePipelineException("InvalidTagsException", "Not allowed to modify system tags. "
            + "System tags start with 'aws:'. msg=[Caller is an end user and not allowed to mutate system tags]");
      }
    }
    java.util.Set<String> keys = new java.util.HashSet<>(tags(resourceArn).stream().map(Tag::key).toList());
    tags.forEach(t -> keys.add(t.key()));
    if (keys.size() > MAX_TAGS) {
      throw new CodePipelineException("TooManyTagsException", "Tag limit exceeded for resource [" + resourceArn + "].");
    }
    for (Tag tag : tags) {
      int updated = jdbc.update("UPDATE flowline_tag SET tag_value = ? WHERE resource_arn = ? AND tag_key = ?",
          tag.value(), resourceArn, tag.key());
      if (updated == 0) {
        jdbc.update("INSERT INTO flowline_tag (resource_arn, tag_key, tag_value) VALUES (?, ?, ?)",
            resourceArn, tag.key(), tag.value());
      }
    }
  }

  @Override
  public void untag(String resourceArn, Collection<String> keys) {
    for (String key : keys) {
      if (key.startsWith("aws:")) {
        throw new CodePipelineException("InvalidTagsException", "Not allowed to modify system tags. "
            + "System tags start with 'aws:'. msg=[Caller is an end user and not allowed to mutate system tags]");
      }
    }
    keys.forEach(k -> jdbc.update("DELETE FROM flowline_tag WHERE resource_arn = ? AND tag_key = ?", resourceArn, k));
  }

  public void deleteAll(String resourceArn) {
    jdbc.update("DELETE FROM flowline_tag WHERE resource_arn = ?", resourceArn);
  }
}

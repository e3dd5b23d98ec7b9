package dev.flowline.execution;

import dev.flowline.pipeline.Tag;
import java.util.Collection;
import java.util.List;

/** Tags of a resource (a pipeline's ARN). The caller checks that the resource exists. */
public interface TagStore {
  List<Tag> tags(String resourceArn);

  /** Adds or overwrites tags; fails with TooManyTagsException past 50. */
  void tag(String resourceArn, Collection<Tag> tags);

  void untag(String resourceArn, Collection<String> keys);
}

package dev.flowline.actions.s3;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** An opened object: its content (close it), its version, and its user metadata ({@code x-amz-meta-*}, without the prefix). */
public record StoredObject(InputStream content, ObjectStore.ObjectVersion version, Map<String, String> metadata)
    implements Closeable {

  @Override
  public void close() throws IOException {
    content.close();
  }
}

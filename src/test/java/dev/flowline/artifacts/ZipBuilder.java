package dev.flowline.artifacts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/** Builds zips as an attacker would: any entry name, links pointing anywhere, duplicates, in any order. */
final class ZipBuilder {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ZipArchiveOutputStream zip = new ZipArchiveOutputStream(bytes);

  ZipBuilder file(String name, byte[] content) {
    return entry(name, 0100644, content);
  }

  ZipBuilder file(String name, String content) {
    return file(name, content.getBytes(StandardCharsets.UTF_8));
  }

  ZipBuilder link(String name, String target) {
    return entry(name, 0120777, target.getBytes(StandardCharsets.UTF_8));
  }

  ZipBuilder directory(String name) {
    return entry(name.endsWith("/") ? name : name + "/", 040755, new byte[0]);
  }

  ZipBuilder entry(String name, int unixMode, byte[] content) {
    try {
      ZipArchiveEntry entry = new ZipArchiveEntry(name);
      entry.setUnixMode(unixMode);
      zip.putArchiveEntry(entry);
      zip.write(content);
      zip.closeArchiveEntry();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  byte[] bytes() {
    try {
      zip.finish();
      zip.close();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path write(Path file) throws IOException {
    return Files.write(file, bytes());
  }
}

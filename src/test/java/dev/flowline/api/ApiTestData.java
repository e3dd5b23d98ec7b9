package dev.flowline.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The S3 object the API tests' pipelines read in their Source stage ({@code s3://flowline-sources/app.zip}),
 * as a bucket directory under the test profile's {@code flowline.data-dir}.
 */
final class ApiTestData {

  static final Path DATA_DIR = Path.of("target/test-data");

  private ApiTestData() {}

  static void putSourceObject() {
    Path source = DATA_DIR.resolve("s3").resolve("flowline-sources").resolve("app.zip");
    try {
      Files.createDirectories(source.getParent());
      Path temp = Files.createTempFile(source.getParent(), ".app", ".zip");
      try (OutputStream out = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry("README.md"));
        zip.write("# app\n".getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
      Files.move(temp, source, StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

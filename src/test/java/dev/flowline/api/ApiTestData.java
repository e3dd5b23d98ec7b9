package dev.flowline.api;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Prepares the data directory the API tests' Flowline runs on: the S3 object the test pipelines' source
 * action reads ({@code s3://flowline-sources/app.zip}, a bucket directory under {@code flowline.data-dir}).
 */
class ApiTestData implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  static final String DATA_DIR = "target/flowline-api-tests";

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    Path source = Path.of(DATA_DIR, "s3", "flowline-sources", "app.zip");
    try {
      Files.createDirectories(source.getParent());
      try (OutputStream out = Files.newOutputStream(source); ZipOutputStream zip = new ZipOutputStream(out)) {
        zip.putNextEntry(new ZipEntry("README.md"));
        zip.write("# app\n".getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

package dev.flowline.engine;

import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDocument;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Example pipelines and their source objects, as the tests use them. */
final class PipelineFixtures {
  static final Path DATA_DIR = Path.of("target/test-data");

  private PipelineFixtures() {}

  /** An example from examples/, renamed so each test gets its own pipeline. */
  static PipelineDocument example(String file, String newName) throws IOException {
    String json = Files.readString(Path.of("examples", file));
    PipelineDocument document = PipelineCodec.read(json);
    String name = document.pipeline().name();
    return PipelineCodec.read(json.replace("\"" + name + "\"", "\"" + newName + "\""));
  }

  static String uniqueName(String prefix) {
    return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /** Zips {@code directory} into the local bucket as {@code bucket/key} (buckets are directories under data/s3). */
  static void putSourceZip(Path directory, String bucket, String key) throws IOException {
    Path target = DATA_DIR.resolve("s3").resolve(bucket).resolve(key);
    Files.createDirectories(target.getParent());
    try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out);
        Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        zip.putNextEntry(new ZipEntry(directory.relativize(file).toString().replace('\\', '/')));
        Files.copy(file, zip);
        zip.closeEntry();
      }
    }
  }

  static void createBucket(String bucket) throws IOException {
    Files.createDirectories(DATA_DIR.resolve("s3").resolve(bucket));
  }
}

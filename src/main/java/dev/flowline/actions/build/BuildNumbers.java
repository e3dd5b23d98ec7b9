package dev.flowline.actions.build;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * {@code CODEBUILD_BUILD_NUMBER}: a counter per project, kept in {@code <directory>/<project>.number} and
 * advanced under a file lock, so concurrent builds of one project (threads or processes sharing the data
 * directory) each get their own number.
 */
final class BuildNumbers {

  private final Path directory;

  BuildNumbers(Path directory) {
    this.directory = directory;
  }

  /** The next number of {@code project} (a valid CodeBuild project name, hence a safe file name), from 1. */
  synchronized long next(String project) throws IOException {
    Files.createDirectories(directory);
    Path file = directory.resolve(project + ".number");
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE); FileLock lock = channel.lock()) {
      ByteBuffer buffer = ByteBuffer.allocate(32);
      channel.read(buffer, 0);
      String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.US_ASCII).strip();
      long next = text.isEmpty() ? 1 : Long.parseLong(text) + 1;
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(Long.toString(next).getBytes(StandardCharsets.US_ASCII)), 0);
      return next;
    }
  }
}

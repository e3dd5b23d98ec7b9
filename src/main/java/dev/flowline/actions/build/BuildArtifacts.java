package dev.flowline.actions.build;

import dev.flowline.actions.build.Buildspec.Artifacts;
import dev.flowline.artifacts.Zips;
import dev.flowline.pipeline.OutputArtifact;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CodeBuild's UPLOAD_ARTIFACTS for a CodePipeline action: one zip per declared output artifact. With one
 * output artifact it is the buildspec's {@code artifacts} block (or, when that lists no files, the secondary
 * artifact named like the output); with several, each output artifact takes the {@code secondary-artifacts}
 * entry whose identifier is its name.
 */
final class BuildArtifacts {

  /** The build succeeded, but its artifacts could not be assembled; the message says why. */
  static final class UploadException extends Exception {
    UploadException(String message) {
      super(message);
    }
  }

  private BuildArtifacts() {}

  static Map<String, Path> collect(Artifacts artifacts, List<OutputArtifact> outputs, Path sourceDirectory,
      Path outputDirectory, PrintStream log) throws IOException, UploadException {
    Map<String, Path> zips = new LinkedHashMap<>();
    for (OutputArtifact output : outputs) {
      Artifacts block = blockFor(artifacts, output.name(), outputs.size());
      zips.put(output.name(), zip(block, output.name(), sourceDirectory, outputDirectory, log));
    }
    return zips;
  }

  private static Artifacts blockFor(Artifacts artifacts, String outputName, int outputCount) throws UploadException {
    if (artifacts == null) {
      throw new UploadException("The action declares output artifact '" + outputName
          + "' but the buildspec has no artifacts section");
    }
    if (outputCount == 1 && !artifacts.files().isEmpty()) {
      return artifacts;
    }
    Artifacts secondary = artifacts.secondary().get(outputName);
    if (secondary == null) {
      throw new UploadException("Output artifact '" + outputName + "' has no entry with that identifier in the "
          + "buildspec's artifacts/secondary-artifacts" + (outputCount > 1
              ? " (with several output artifacts each one takes the secondary artifact of its name)" : ""));
    }
    return secondary;
  }

  private static Path zip(Artifacts block, String outputName, Path source, Path outputDirectory, PrintStream log)
      throws IOException, UploadException {
    List<Path> bases = FileSets.baseDirectories(source, block.baseDirectory());
    if (bases.isEmpty()) {
      throw new UploadException("CLIENT_ERROR: base-directory '" + block.baseDirectory() + "' of output artifact '"
          + outputName + "' matches no directory in the source");
    }
    List<FileSets.Selected> files = FileSets.select(bases, block.files());
    if (files.isEmpty()) {
      throw new UploadException("CLIENT_ERROR: no matching artifact paths found for output artifact '" + outputName
          + "' (files " + block.files() + (block.baseDirectory() == null ? "" : " under " + block.baseDirectory()) + ")");
    }
    if (block.name() != null) {
      log.println("[Container] Artifact name '" + block.name() + "' is not used: CodePipeline names the artifact "
          + outputName);
    }
    Path staging = Files.createDirectories(outputDirectory.resolve("staging").resolve(outputName));
    for (FileSets.Selected file : files) {
      Path target = staging.resolve(block.discardPaths() ? file.fileName() : file.relativePath());
      if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
        log.println("[Container] Skipping " + file.relativePath() + ": " + staging.relativize(target)
            + " is already in artifact " + outputName);
        continue;
      }
      Files.createDirectories(target.getParent());
      // a link is copied as a link: following it could copy a host file into the artifact
      Files.copy(file.file(), target, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
    }
    Path zip = outputDirectory.resolve(outputName + ".zip");
    int count = Zips.zip(staging, zip);
    log.println("[Container] Output artifact " + outputName + ": " + count + (count == 1 ? " file" : " files"));
    return zip;
  }
}

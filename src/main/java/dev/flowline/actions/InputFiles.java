package dev.flowline.actions;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Files inside a job's input artifacts, named as CodePipeline names them ({@code ArtifactName::path/in/artifact}
 * for CloudFormation's TemplatePath, or an artifact and a path). Each artifact is unpacked once per call, into
 * the call's workspace. Every problem is an {@link InvalidFileReference} whose message names the configuration
 * key and the file, so the executor can fail the action with a ConfigurationError a person can act on.
 */
public final class InputFiles {

  private final ActionJob job;
  private final ActionContext context;
  private final Map<String, Path> unpacked = new HashMap<>();

  public InputFiles(ActionJob job, ActionContext context) {
    this.job = job;
    this.context = context;
  }

  /** A reference that does not lead to a readable file. */
  public static final class InvalidFileReference extends Exception {
    public InvalidFileReference(String message) {
      super(message);
    }
  }

  /** The text of the file {@code reference} ({@code ArtifactName::path}) names, the value of configuration {@code key}. */
  public String read(String key, String reference) throws IOException, InvalidFileReference {
    int separator = reference.indexOf("::");
    if (separator <= 0 || separator + 2 >= reference.length()) {
      throw new InvalidFileReference(key + " '" + reference + "' must be ArtifactName::path/to/file");
    }
    return read(key, reference.substring(0, separator), reference.substring(separator + 2));
  }

  /** The text of {@code path} inside the input artifact {@code artifactName}. */
  public String read(String key, String artifactName, String path) throws IOException, InvalidFileReference {
    Path file = file(key, artifactName, path);
    try {
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
    } catch (CharacterCodingException e) {
      throw new InvalidFileReference(key + ": file " + path + " in input artifact " + artifactName + " is not UTF-8 text");
    }
  }

  /** The unpacked file {@code path} of input artifact {@code artifactName}. */
  public Path file(String key, String artifactName, String path) throws IOException, InvalidFileReference {
    Path root = artifact(key, artifactName);
    Path file = root.resolve(path).normalize();
    if (!file.startsWith(root) || !Files.isRegularFile(file)) {
      throw new InvalidFileReference(key + ": file " + path + " does not exist in input artifact " + artifactName);
    }
    return file;
  }

  /** The input artifact of this name, if the action declares it. */
  public InputArtifactRef input(String key, String artifactName) throws InvalidFileReference {
    return job.inputArtifacts().stream().filter(a -> a.name().equals(artifactName)).findFirst()
        .orElseThrow(() -> new InvalidFileReference(key + ": " + artifactName + " is not an input artifact of action "
            + job.actionName()));
  }

  private Path artifact(String key, String artifactName) throws IOException, InvalidFileReference {
    InputArtifactRef input = input(key, artifactName);
    Path directory = unpacked.get(artifactName);
    if (directory == null) {
      directory = context.workspace().resolve("inputs").resolve(String.valueOf(unpacked.size())).toAbsolutePath()
          .normalize();
      context.unpack(input, directory);
      unpacked.put(artifactName, directory);
    }
    return directory;
  }
}

package dev.flowline.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The pipelines the console's browser tests drive, as CodePipeline JSON: an S3 source (a zip in a local bucket)
 * and Commands actions, whose outcome the test steers with files under {@code target/test-data/gates} (the one
 * place the test profile lets the sandbox read).
 */
final class ConsolePipelines {
  static final Path DATA_DIR = Path.of("target/test-data");

  private ConsolePipelines() {}

  static Path gate(String key) {
    return DATA_DIR.toAbsolutePath().resolve("gates").resolve(key);
  }

  static void open(String key) throws IOException {
    Files.createDirectories(gate(key).getParent());
    Files.writeString(gate(key), "go");
  }

  static void putSource(String bucket) throws IOException {
    Path target = DATA_DIR.resolve("s3").resolve(bucket).resolve("app.zip");
    Files.createDirectories(target.getParent());
    try (OutputStream out = Files.newOutputStream(target); ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry("README.txt"));
      zip.write(("source of " + bucket + "\n").getBytes());
      zip.closeEntry();
    }
  }

  /** Source -> Build -> Approve (manual approval) -> Deploy, the shape of the demo. */
  static String approvalPipeline(String name) {
    return """
        {"pipeline": {"name": "%1$s", "roleArn": "arn:aws:iam::123456789012:role/console",
          "artifactStore": {"type": "S3", "location": "flowline-artifacts"}, "pipelineType": "V2",
          "executionMode": "QUEUED",
          "stages": [
            %2$s,
            {"name": "Build", "actions": [%3$s]},
            {"name": "Approve", "actions": [{"name": "Approve",
              "actionTypeId": {"category": "Approval", "owner": "AWS", "provider": "Manual", "version": "1"},
              "configuration": {"CustomData": "Does the build look right?", "ExternalEntityLink": "https://example.com/review"}}]},
            {"name": "Deploy", "actions": [%4$s]}
          ]}}
        """.formatted(name, source(name), commands("Compile", 1, "echo compiling", "echo compiled"),
        commands("Publish", 1, "echo publishing the site"));
  }

  /**
   * Source -> Work (Steady succeeds, then Flaky fails until its gate file exists) -> Long (prints four lines a second
   * apart, then waits for its gate file).
   */
  static String operationsPipeline(String name, String flakyKey, String longKey) {
    return """
        {"pipeline": {"name": "%1$s", "roleArn": "arn:aws:iam::123456789012:role/console",
          "artifactStore": {"type": "S3", "location": "flowline-artifacts"}, "pipelineType": "V2",
          "stages": [
            %2$s,
            {"name": "Work", "actions": [%4$s, %3$s]},
            {"name": "Long", "actions": [%5$s]}
          ]}}
        """.formatted(name, source(name),
        commands("Flaky", 2, "test -f '" + gate(flakyKey) + "' || { echo 'the flaky gate is closed'; exit 3; }"),
        commands("Steady", 1, "echo steady"),
        commands("Follow", 1, "for i in 1 2 3 4; do echo line $i of the long action; sleep 1; done",
            "for i in $(seq 2400); do [ -f '" + gate(longKey) + "' ] && exit 0; sleep 0.05; done; exit 1"));
  }

  private static String source(String name) {
    return """
        {"name": "Source", "actions": [{"name": "Source",
          "actionTypeId": {"category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
          "configuration": {"S3Bucket": "src-%s", "S3ObjectKey": "app.zip"},
          "outputArtifacts": [{"name": "Src"}], "namespace": "SourceVariables"}]}""".formatted(name);
  }

  private static String commands(String name, int runOrder, String... commands) {
    StringBuilder list = new StringBuilder();
    for (String command : commands) {
      list.append(list.isEmpty() ? "" : ", ").append('"')
          .append(command.replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
    }
    return """
        {"name": "%s", "runOrder": %d,
          "actionTypeId": {"category": "Compute", "owner": "AWS", "provider": "Commands", "version": "1"},
          "commands": [%s], "inputArtifacts": [{"name": "Src"}]}""".formatted(name, runOrder, list);
  }
}

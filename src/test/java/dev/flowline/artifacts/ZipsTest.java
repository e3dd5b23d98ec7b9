package dev.flowline.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZipsTest {

  @TempDir Path temp;
  Path src;

  @BeforeEach
  void tree() throws IOException {
    src = temp.resolve("src");
    write("README.md", "readme");
    write("notes.txt", "notes");
    write("dist/app.js", "app");
    write("dist/css/site.css", "css");
    write("lib/util/helper.txt", "helper");
    Path run = write("bin/run.sh", "#!/bin/sh\necho ran\n");
    Files.setPosixFilePermissions(run, PosixFilePermissions.fromString("rwxr-xr-x"));
  }

  private Path write(String relative, String content) throws IOException {
    Path file = src.resolve(relative);
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  private static List<String> files(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      return walk.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  @DisplayName("zip then unzip reproduces every file with its content")
  void roundTrip() throws IOException {
    Path zip = temp.resolve("all.zip");
    int count = Zips.zip(src, zip);
    Path out = temp.resolve("out");
    try (InputStream in = Files.newInputStream(zip)) {
      Zips.unzip(in, out, ArtifactLimits.defaults());
    }

    assertThat(count).isEqualTo(6);
    assertThat(files(out)).isEqualTo(files(src));
    assertThat(out.resolve("dist/css/site.css")).hasContent("css");
  }

  @Test
  @DisplayName("the executable bit survives zip and unzip")
  void executableBitIsPreserved() throws IOException {
    Path zip = temp.resolve("x.zip");
    Zips.zip(src, zip);
    Path out = temp.resolve("out");
    Zips.unzip(zip, out);

    assertThat(Files.isExecutable(out.resolve("bin/run.sh"))).isTrue();
    assertThat(Files.isExecutable(out.resolve("README.md"))).isFalse();
  }

  @Test
  @DisplayName("a zip made by the zip command unzips with its executable bit; ours unzips with unzip the same way")
  void interoperatesWithInfoZip() throws Exception {
    Path cliZip = temp.resolve("cli.zip");
    run(src, "zip", "-qr", cliZip.toString(), ".");
    Path out = temp.resolve("from-cli");
    Zips.unzip(cliZip, out);
    assertThat(files(out)).isEqualTo(files(src));
    assertThat(Files.isExecutable(out.resolve("bin/run.sh"))).isTrue();

    Path ours = temp.resolve("ours.zip");
    Zips.zip(src, ours);
    Path cliOut = Files.createDirectories(temp.resolve("by-cli"));
    run(cliOut, "unzip", "-q", ours.toString());
    assertThat(files(cliOut)).isEqualTo(files(src));
    assertThat(Files.isExecutable(cliOut.resolve("bin/run.sh"))).isTrue();
  }

  private static void run(Path dir, String... command) throws Exception {
    Process p = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    assertThat(p.waitFor()).as(String.join(" ", command)).isZero();
  }

  @Test
  @DisplayName("'**/*' selects every file, top level included")
  void doubleStarSlashStarSelectsEverything() throws IOException {
    Path zip = temp.resolve("a.zip");
    assertThat(Zips.zip(src, List.of("**/*"), zip)).isEqualTo(6);
  }

  @Test
  @DisplayName("'dist/**' selects everything under dist and nothing else")
  void directoryDoubleStarSelectsTheSubtree() throws IOException {
    Path zip = temp.resolve("dist.zip");
    Zips.zip(src, List.of("dist/**"), zip);
    Path out = temp.resolve("out");
    Zips.unzip(zip, out);

    assertThat(files(out)).containsExactly("dist/app.js", "dist/css/site.css");
  }

  @Test
  @DisplayName("'*' stays in one directory, '?' matches one character, './' is ignored, several patterns combine")
  void singleStarAndQuestionMark() {
    Predicate<String> topLevelText = Zips.matcher(List.of("*.txt"));
    assertThat(topLevelText.test("notes.txt")).isTrue();
    assertThat(topLevelText.test("lib/util/helper.txt")).isFalse();

    Predicate<String> anyText = Zips.matcher(List.of("**/*.txt"));
    assertThat(anyText.test("notes.txt")).isTrue();
    assertThat(anyText.test("lib/util/helper.txt")).isTrue();

    Predicate<String> combined = Zips.matcher(List.of("./bin/run.s?", "README.md"));
    assertThat(combined.test("bin/run.sh")).isTrue();
    assertThat(combined.test("README.md")).isTrue();
    assertThat(combined.test("bin/run.shx")).isFalse();
    assertThat(combined.test("README+md")).isFalse();
  }

  @Test
  @DisplayName("no matching file still gives a valid, empty zip")
  void emptySelectionGivesEmptyZip() throws IOException {
    Path zip = temp.resolve("empty.zip");
    assertThat(Zips.zip(src, List.of("nothing/**"), zip)).isZero();

    Path out = temp.resolve("out");
    Zips.unzip(zip, out);
    assertThat(files(out)).isEmpty();
  }

  @Test
  @DisplayName("zipping onto an existing file is refused")
  void existingTargetIsRefused() throws IOException {
    Path zip = Files.writeString(temp.resolve("there.zip"), "keep");
    assertThatThrownBy(() -> Zips.zip(src, zip)).isInstanceOf(FileAlreadyExistsException.class);
    assertThat(zip).hasContent("keep");
  }

  @Test
  @DisplayName("an entry named '../evil.txt' (zip slip) is refused and nothing lands outside the target")
  void zipSlipIsRefused() throws IOException {
    byte[] evil = zipWithEntry("../evil.txt");
    Path out = temp.resolve("deep/out");

    assertThatThrownBy(() -> Zips.unzip(new ByteArrayInputStream(evil), out, ArtifactLimits.defaults())).isInstanceOf(IOException.class);
    assertThat(temp.resolve("deep/evil.txt")).doesNotExist();
    assertThat(files(temp.resolve("deep"))).isEmpty();
  }

  @Test
  @DisplayName("something that is not a zip fails with a clear message")
  void notAZipFails() {
    assertThatThrownBy(() -> Zips.unzip(new ByteArrayInputStream("hello".getBytes()), temp.resolve("out"), ArtifactLimits.defaults()))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("zip");
  }

  private static byte[] zipWithEntry(String name) throws IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write("pwned".getBytes());
      zip.closeEntry();
      zip.putNextEntry(new ZipEntry("fine.txt"));
      zip.write("ok".getBytes());
      zip.closeEntry();
    }
    return bytes.toByteArray();
  }
}

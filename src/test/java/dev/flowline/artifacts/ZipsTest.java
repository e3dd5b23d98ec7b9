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

  @Test
  @DisplayName("a symbolic link is zipped as a link, never followed, so a link to a host file never copies it")
  void aLinkToAHostFileIsZippedAsALink() throws IOException {
    Path secret = Files.writeString(temp.resolve("host-secret.txt"), "TOP SECRET host content");
    Files.createSymbolicLink(src.resolve("leak.txt"), secret);
    Files.createSymbolicLink(src.resolve("readme-link"), Path.of("README.md"));
    Path zip = temp.resolve("links.zip");

    int count = Zips.zip(src, zip);
    Path out = temp.resolve("out");
    Zips.unzip(zip, out);

    assertThat(count).isEqualTo(8);
    try (org.apache.commons.compress.archivers.zip.ZipFile read =
        org.apache.commons.compress.archivers.zip.ZipFile.builder().setPath(zip).get()) {
      var leak = read.getEntry("leak.txt");
      assertThat(leak.isUnixSymlink()).isTrue();
      assertThat(new String(read.getInputStream(leak).readAllBytes())).isEqualTo(secret.toString());
    }
    assertThat(Files.isSymbolicLink(out.resolve("leak.txt"))).isTrue();
    assertThat(Files.readSymbolicLink(out.resolve("readme-link"))).isEqualTo(Path.of("README.md"));
    assertThat(out.resolve("readme-link")).hasContent("readme");
  }

  @Test
  @DisplayName("an entry below a symbolic link unpacked before is refused and nothing is written through the link")
  void anEntryThroughALinkIsRefused() throws IOException {
    Path outside = Files.createDirectories(temp.resolve("outside"));
    byte[] zip = new ZipBuilder().link("a", outside.toString()).file("a/pwned.txt", "pwned").bytes();

    assertThatThrownBy(() -> Zips.unzip(new ByteArrayInputStream(zip), temp.resolve("out"), ArtifactLimits.defaults()))
        .isInstanceOf(ArtifactRefusedException.class)
        .hasMessageContaining("'a/pwned.txt'").hasMessageContaining("symbolic link");
    assertThat(outside).isEmptyDirectory();
  }

  @Test
  @DisplayName("a file entry with the name of a link unpacked before is refused: the link's target is not overwritten")
  void aFileOverALinkIsRefused() throws IOException {
    Path target = Files.writeString(temp.resolve("keep.txt"), "keep");
    byte[] zip = new ZipBuilder().link("b", target.toString()).file("b", "overwritten").bytes();

    assertThatThrownBy(() -> Zips.unzip(new ByteArrayInputStream(zip), temp.resolve("out"), ArtifactLimits.defaults()))
        .isInstanceOf(ArtifactRefusedException.class).hasMessageContaining("symbolic link");
    assertThat(target).hasContent("keep");
  }

  @Test
  @DisplayName("absolute entry names and names that climb out with '..' are refused")
  void absoluteAndClimbingNamesAreRefused() {
    for (String name : List.of("/tmp/flowline-abs.txt", "a/../../escape.txt", "C:/windows.txt")) {
      byte[] zip = new ZipBuilder().file(name, "x").bytes();
      assertThatThrownBy(() -> Zips.unzip(new ByteArrayInputStream(zip), temp.resolve("deep/out"),
          ArtifactLimits.defaults())).as(name).isInstanceOf(ArtifactRefusedException.class);
    }
    assertThat(temp.resolve("deep/escape.txt")).doesNotExist();
    assertThat(Path.of("/tmp/flowline-abs.txt")).doesNotExist();
  }

  @Test
  @DisplayName("a small zip that inflates beyond the limit is refused at the limit, not inflated in full")
  void aZipBombIsStoppedAtTheLimit() throws IOException {
    Path bomb = new ZipBuilder().file("zeros.bin", new byte[64 * 1024 * 1024]).write(temp.resolve("bomb.zip"));
    ArtifactLimits limits = new ArtifactLimits(org.springframework.util.unit.DataSize.ofMegabytes(1), null);
    Path out = temp.resolve("out");

    assertThatThrownBy(() -> Zips.unzip(bomb, out, limits))
        .isInstanceOf(ArtifactRefusedException.class)
        .hasMessageContaining("inflates beyond 1048576 bytes");
    assertThat(Files.size(bomb)).isLessThan(256 * 1024);
    assertThat(Files.size(out.resolve("zeros.bin"))).isLessThanOrEqualTo(1024 * 1024);
  }

  @Test
  @DisplayName("a zip with more entries than the limit is refused")
  void tooManyEntriesAreRefused() throws IOException {
    ZipBuilder builder = new ZipBuilder();
    for (int i = 0; i < 11; i++) {
      builder.file("f" + i, "x");
    }
    byte[] zip = builder.bytes();

    assertThatThrownBy(() -> Zips.unzip(new ByteArrayInputStream(zip), temp.resolve("out"), new ArtifactLimits(null, 10)))
        .isInstanceOf(ArtifactRefusedException.class).hasMessageContaining("more than 10 entries");
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

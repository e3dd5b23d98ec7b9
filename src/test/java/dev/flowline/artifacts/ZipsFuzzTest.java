package dev.flowline.artifacts;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * Thousands of generated hostile zips: names with {@code ..}, {@code /}, NUL and control characters, absolute
 * names, links pointing anywhere and entries below them, duplicates, bombs, truncated and corrupted bytes,
 * huge declared sizes. Each case either unpacks or is refused with {@link ArtifactRefusedException}; never
 * another exception, never a byte outside the target directory. Seeded: a failure names its case seed, and
 * {@code -Dfuzz.seed=<seed> -Dfuzz.cases=1} replays it.
 */
class ZipsFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261205L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 2500);
  private static final ArtifactLimits LIMITS = new ArtifactLimits(DataSize.ofKilobytes(256), 40);

  @TempDir Path temp;

  @Test
  @DisplayName("no generated zip writes outside the target or fails with anything but a clear refusal")
  void generatedZipsNeverEscapeTheTarget() throws Exception {
    int refused = 0;
    long cpuStarted = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    for (int i = 0; i < CASES; i++) {
      long seed = SEED + i;
      Path dir = Files.createDirectories(temp.resolve("case"));
      Path outside = Files.createDirectories(dir.resolve("outside"));
      Path victim = Files.writeString(outside.resolve("victim.txt"), "victim");
      Path out = dir.resolve("out");
      Path zip = temp.resolve("case.zip");
      Files.write(zip, generate(new Random(seed), outside));
      long started = System.nanoTime();
      try {
        Zips.unzip(zip, out, LIMITS);
      } catch (ArtifactRefusedException expected) {
        refused++;
      } catch (Throwable unexpected) {
        throw new AssertionError("case seed " + seed + ": " + unexpected, unexpected);
      }
      long millis = (System.nanoTime() - started) / 1_000_000;
      assertThat(millis).as("case seed %d took %d ms", seed, millis).isLessThan(5_000);
      assertThat(victim).as("case seed %d", seed).hasContent("victim");
      try (Stream<Path> list = Files.list(outside)) {
        assertThat(list.toList()).as("case seed %d", seed).containsExactly(victim);
      }
      try (Stream<Path> list = Files.list(dir)) {
        assertThat(list.map(p -> p.getFileName().toString()).sorted().toList()).as("case seed %d", seed)
            .isSubsetOf("out", "outside");
      }
      assertEverythingInside(out, seed);
      delete(dir);
    }
    System.out.printf("ZipsFuzzTest: %d cases from seed %d, %d refused, %d ms CPU%n", CASES, SEED, refused,
        (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1_000_000);
    assertThat(refused).as("the generator must produce refusals and successes").isBetween(CASES / 10, CASES - CASES / 10);
  }

  /** Every entry under {@code out} that is not a link really lies under it. */
  private static void assertEverythingInside(Path out, long seed) throws IOException {
    if (!Files.exists(out)) {
      return;
    }
    Path root = out.toRealPath();
    try (Stream<Path> walk = Files.walk(out)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        if (!Files.isSymbolicLink(p)) {
          assertThat(p.toRealPath(NOFOLLOW_LINKS).startsWith(root)).as("case seed %d: %s", seed, p).isTrue();
          assertThat(p.getParent() == null || p.equals(out) || p.getParent().toRealPath().startsWith(root))
              .as("case seed %d: %s", seed, p).isTrue();
        }
      }
    }
  }

  static byte[] generate(Random random, Path outside) {
    ZipBuilder zip = new ZipBuilder();
    List<String> names = new ArrayList<>();
    int entries = random.nextInt(random.nextInt(10) == 0 ? 60 : 8);
    for (int i = 0; i < entries; i++) {
      String name = !names.isEmpty() && random.nextInt(4) == 0
          ? names.get(random.nextInt(names.size())) + (random.nextBoolean() ? "" : "/" + segment(random, outside))
          : name(random, outside);
      names.add(name);
      switch (random.nextInt(6)) {
        case 0, 1 -> zip.file(name, content(random));
        case 2 -> zip.link(name, linkTarget(random, outside));
        case 3 -> zip.directory(name);
        case 4 -> zip.entry(name, random.nextInt(0200000), content(random));
        default -> zip.file(name, new byte[random.nextInt(4) == 0 ? 300 * 1024 : 1024]);
      }
    }
    return mutate(random, zip.bytes());
  }

  private static String name(Random random, Path outside) {
    if (random.nextInt(12) == 0) {
      return outside + "/absolute-" + random.nextInt(10);
    }
    int depth = 1 + random.nextInt(4);
    StringBuilder name = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      name.append(i == 0 ? "" : "/").append(segment(random, outside));
    }
    return name.toString();
  }

  private static String segment(Random random, Path outside) {
    return switch (random.nextInt(14)) {
      case 0 -> "..";
      case 1 -> ".";
      case 2 -> "";
      case 3 -> "a\0b";
      case 4 -> "c\u0001\u001b[2J";
      case 5 -> "x".repeat(1 + random.nextInt(300));
      case 6 -> "\\..\\..";
      case 7 -> ".git";
      case 8 -> "é漢字";
      default -> String.valueOf((char) ('a' + random.nextInt(3)));
    };
  }

  private static String linkTarget(Random random, Path outside) {
    return switch (random.nextInt(8)) {
      case 0 -> outside.toString();
      case 1 -> "../outside";
      case 2 -> "../../outside/victim.txt";
      case 3 -> outside.resolve("victim.txt").toString();
      case 4 -> "";
      case 5 -> "/";
      case 6 -> "a\0b";
      default -> String.valueOf((char) ('a' + random.nextInt(3)));
    };
  }

  private static byte[] content(Random random) {
    byte[] content = new byte[random.nextInt(64)];
    random.nextBytes(content);
    return content;
  }

  /** Truncates, flips bytes, or writes huge sizes over the header fields; or leaves the zip whole. */
  private static byte[] mutate(Random random, byte[] zip) {
    switch (random.nextInt(6)) {
      case 0 -> {
        return Arrays.copyOf(zip, random.nextInt(zip.length + 1));
      }
      case 1 -> {
        for (int i = random.nextInt(8); i >= 0 && zip.length > 0; i--) {
          zip[random.nextInt(zip.length)] = (byte) random.nextInt(256);
        }
        return zip;
      }
      case 2 -> {
        for (int at = indexOf(zip, 0); at >= 0; at = indexOf(zip, at + 4)) {
          for (int field = 18; field < 26 && at + field < zip.length; field++) {
            zip[at + field] = (byte) 0xff;
          }
        }
        return zip;
      }
      default -> {
        return zip;
      }
    }
  }

  /** The next local file header or central directory record signature at or after {@code from}. */
  private static int indexOf(byte[] zip, int from) {
    for (int i = from; i + 3 < zip.length; i++) {
      if (zip[i] == 'P' && zip[i + 1] == 'K' && (zip[i + 2] == 3 || zip[i + 2] == 1) && zip[i + 3] == zip[i + 2] + 1) {
        return i;
      }
    }
    return -1;
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        Files.deleteIfExists(p);
      }
    }
  }
}

package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.artifacts.ArtifactRefusedException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Thousands of generated hostile trees (names with {@code ..}, {@code /}, NUL, {@code .git}, duplicates, links
 * pointing anywhere followed by entries below them, odd modes, missing or mistyped objects, garbage and
 * truncated tree bytes), written out with and without git's object checks. Each either checks out or is
 * refused with {@link ArtifactRefusedException}; never another exception, never a write outside the target.
 * Seeded: {@code -Dfuzz.seed=<case seed> -Dfuzz.cases=1} replays a failure.
 */
class TreeCheckoutFuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20261205L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 2500);
  private static final int[] MODES = {0100644, 0100755, 0120000, 040000, 0160000, 0100664, 0644, 0170000};

  @TempDir Path temp;

  @Test
  @DisplayName("no generated tree writes outside the target or fails with anything but a clear refusal")
  void generatedTreesNeverEscapeTheTarget() throws Exception {
    int refused = 0;
    long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    for (int i = 0; i < CASES; i++) {
      long seed = SEED + i;
      // a repository per case: the in-memory one slows down as its packs pile up
      try (RawTrees trees = new RawTrees(); ObjectReader reader = trees.repository.newObjectReader()) {
        Random random = new Random(seed);
        Path dir = Files.createDirectories(temp.resolve("case"));
        Path outside = Files.createDirectories(dir.resolve("outside"));
        Path victim = Files.writeString(outside.resolve("victim.txt"), "victim");
        Path target = dir.resolve("checkout");
        ObjectId root = new Generator(random, trees, outside).tree(0);
        try {
          new TreeCheckout(reader, random.nextBoolean() ? TreeCheckout.objectChecker() : null).write(root, target);
        } catch (ArtifactRefusedException expected) {
          refused++;
        } catch (Throwable unexpected) {
          throw new AssertionError("case seed " + seed + ": " + unexpected, unexpected);
        }
        assertThat(victim).as("case seed %d", seed).hasContent("victim");
        try (Stream<Path> list = Files.list(outside)) {
          assertThat(list.toList()).as("case seed %d", seed).containsExactly(victim);
        }
        try (Stream<Path> list = Files.list(dir)) {
          assertThat(list.map(p -> p.getFileName().toString()).sorted().toList()).as("case seed %d", seed)
              .isSubsetOf("checkout", "outside");
        }
        assertEverythingInside(target, seed);
        delete(dir);
      }
    }
    System.out.printf("TreeCheckoutFuzzTest: %d cases from seed %d, %d refused, %d ms CPU%n", CASES, SEED, refused,
        (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1_000_000);
    assertThat(refused).as("the generator must produce refusals and successes").isBetween(CASES / 10, CASES - CASES / 10);
  }

  private static void assertEverythingInside(Path target, long seed) throws IOException {
    if (!Files.exists(target)) {
      return;
    }
    Path root = target.toRealPath();
    try (Stream<Path> walk = Files.walk(target)) {
      for (Path p : (Iterable<Path>) walk::iterator) {
        Path real = Files.isSymbolicLink(p) ? p.getParent().toRealPath() : p.toRealPath();
        assertThat(real.startsWith(root)).as("case seed %d: %s", seed, p).isTrue();
      }
    }
  }

  /** One random tree, its subtrees and blobs. */
  private record Generator(Random random, RawTrees trees, Path outside) {

    ObjectId tree(int depth) throws IOException {
      if (random.nextInt(25) == 0) {
        byte[] garbage = new byte[random.nextInt(80)];
        random.nextBytes(garbage);
        return trees.raw(garbage);
      }
      RawTrees.Tree tree = trees.tree();
      List<String> names = new ArrayList<>();
      int entries = random.nextInt(depth == 0 ? 7 : 4);
      for (int i = 0; i < entries; i++) {
        String name = !names.isEmpty() && random.nextInt(4) == 0 ? names.get(random.nextInt(names.size())) : name();
        names.add(name);
        int kind = random.nextInt(10);
        if (kind < 3 && depth < 4) {
          tree.entry(040000, name, tree(depth + 1));
        } else if (kind < 5) {
          tree.link(name, linkTarget());
        } else if (kind < 8) {
          tree.entry(random.nextBoolean() ? 0100644 : 0100755, name, trees.blob("content " + i));
        } else {
          tree.entry(MODES[random.nextInt(MODES.length)], bytes(name), oddId());
        }
      }
      ObjectId id = tree.insert();
      if (random.nextInt(30) == 0) {
        byte[] raw = trees.repository.open(id).getCachedBytes();
        return trees.raw(java.util.Arrays.copyOf(raw, random.nextInt(raw.length + 1)));
      }
      return id;
    }

    private byte[] bytes(String name) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      if (random.nextInt(8) == 0 && bytes.length > 0) {
        bytes[random.nextInt(bytes.length)] = 0;
      }
      return bytes;
    }

    private ObjectId oddId() throws IOException {
      return switch (random.nextInt(4)) {
        case 0 -> ObjectId.zeroId();
        case 1 -> trees.tree().insert();
        case 2 -> trees.blob(linkTarget());
        default -> ObjectId.fromRaw(randomBytes(20));
      };
    }

    private String name() {
      return switch (random.nextInt(16)) {
        case 0 -> "..";
        case 1 -> ".";
        case 2 -> ".git";
        case 3 -> "a/b";
        case 4 -> "../outside";
        case 5 -> "GIT~1";
        case 6 -> ".gitmodules";
        case 7 -> "x".repeat(1 + random.nextInt(300));
        case 8 -> "c\u0001\u001b[2J";
        case 9 -> "é";
        default -> String.valueOf((char) ('a' + random.nextInt(3)));
      };
    }

    private String linkTarget() {
      return switch (random.nextInt(7)) {
        case 0 -> outside.toString();
        case 1 -> "../outside";
        case 2 -> "../../outside/victim.txt";
        case 3 -> outside.resolve("victim.txt").toString();
        case 4 -> "";
        case 5 -> "/";
        default -> String.valueOf((char) ('a' + random.nextInt(3)));
      };
    }

    private byte[] randomBytes(int length) {
      byte[] bytes = new byte[length];
      random.nextBytes(bytes);
      return bytes;
    }
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
        p.toFile().setWritable(true);
        Files.deleteIfExists(p);
      }
    }
  }
}

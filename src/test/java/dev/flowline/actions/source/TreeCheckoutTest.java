package dev.flowline.actions.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flowline.artifacts.ArtifactRefusedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.ObjectChecker;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Trees as a hostile push can shape them, written out with and without git's object checks: the path
 * checks alone must already keep every write inside the target.
 */
class TreeCheckoutTest {

  @TempDir Path temp;
  RawTrees trees;
  ObjectReader reader;
  Path outside;
  Path target;

  @BeforeEach
  void setUp() throws Exception {
    trees = new RawTrees();
    reader = trees.repository.newObjectReader();
    outside = Files.createDirectories(temp.resolve("outside"));
    target = temp.resolve("checkout");
  }

  @AfterEach
  void tearDown() {
    reader.close();
    trees.close();
  }

  private TreeCheckout checkout(boolean objectChecks) {
    ObjectChecker checker = objectChecks ? TreeCheckout.objectChecker() : null;
    return new TreeCheckout(reader, checker);
  }

  @ParameterizedTest(name = "object checks: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("a tree with a symlink and a directory of the same name is refused and nothing is written through the link")
  void symlinkThenDirectoryOfTheSameName(boolean objectChecks) throws Exception {
    ObjectId inner = trees.tree().file("pwned.txt", "pwned").insert();
    ObjectId root = trees.tree().link("a", outside.toString()).directory("a", inner).insert();

    assertThatThrownBy(() -> checkout(objectChecks).write(root, target))
        .isInstanceOf(ArtifactRefusedException.class).hasMessageStartingWith("Refusing tree entry");
    assertThat(outside).isEmptyDirectory();
  }

  @ParameterizedTest(name = "object checks: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("a file after a symlink of the same name is refused: the link's target is not overwritten")
  void fileOverASymlink(boolean objectChecks) throws Exception {
    Path victim = Files.writeString(outside.resolve("victim.txt"), "victim");
    ObjectId root = trees.tree().link("v", victim.toString()).file("v", "overwritten").insert();

    assertThatThrownBy(() -> checkout(objectChecks).write(root, target)).isInstanceOf(ArtifactRefusedException.class);
    assertThat(victim).hasContent("victim");
  }

  @ParameterizedTest(name = "name ''{0}''")
  @ValueSource(strings = {"..", ".", ".git", ".GIT", "a/b", ""})
  @DisplayName("entries named '..', '.', '.git', with a slash or empty are refused, with or without the object checks")
  void specialNamesAreRefused(String name) throws Exception {
    ObjectId inner = trees.tree().file("escape.txt", "x").insert();
    ObjectId root = trees.tree().directory(name, inner).insert();

    for (boolean objectChecks : List.of(true, false)) {
      assertThatThrownBy(() -> checkout(objectChecks).write(root, temp.resolve("deep/checkout-" + objectChecks)))
          .isInstanceOf(ArtifactRefusedException.class);
    }
    assertThat(temp.resolve("deep/escape.txt")).doesNotExist();
    assertThat(temp.resolve("escape.txt")).doesNotExist();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"GIT~1", ".git.", "git~1", ".g\u200cit"})
  @DisplayName("names Windows or macOS would read as .git are refused by the object checks")
  void aliasesOfDotGitAreRefused(String name) throws Exception {
    ObjectId inner = trees.tree().file("config", "[core]").insert();
    ObjectId root = trees.tree().directory(name, inner).insert();

    assertThatThrownBy(() -> checkout(true).write(root, target)).isInstanceOf(ArtifactRefusedException.class);
  }

  @ParameterizedTest(name = "object checks: {0}")
  @ValueSource(booleans = {true, false})
  @DisplayName("a symlink to a host file is written as a link, never as a copy of the host file")
  void aLinkToAHostFileStaysALink(boolean objectChecks) throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.txt"), "TOP SECRET");
    ObjectId bin = trees.tree().entry(0100755, "run.sh", trees.blob("#!/bin/sh\n")).insert();
    ObjectId root = trees.tree().directory("bin", bin).link("leak.txt", secret.toString())
        .file("readme.md", "hello").insert();

    int written = checkout(objectChecks).write(root, target);

    assertThat(written).isEqualTo(4);
    assertThat(Files.isSymbolicLink(target.resolve("leak.txt"))).isTrue();
    assertThat(Files.readSymbolicLink(target.resolve("leak.txt"))).isEqualTo(secret);
    assertThat(target.resolve("readme.md")).hasContent("hello");
    assertThat(Files.isExecutable(target.resolve("bin/run.sh"))).isTrue();
  }
}

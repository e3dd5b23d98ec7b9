package dev.flowline.actions.source;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;

/**
 * Git objects written as an attacker writes them with {@code git hash-object -t tree --literally}: trees in
 * any order, with any names and modes, duplicates included; no object checker on the way in.
 */
final class RawTrees implements AutoCloseable {
  final InMemoryRepository repository = new InMemoryRepository(new DfsRepositoryDescription("raw"));
  private final ObjectInserter inserter = repository.newObjectInserter();

  ObjectId blob(String content) throws IOException {
    return blob(content.getBytes(StandardCharsets.UTF_8));
  }

  ObjectId blob(byte[] content) throws IOException {
    return inserter.insert(Constants.OBJ_BLOB, content);
  }

  /** Starts a tree; entries are kept in the order given, whatever git's sort order says. */
  Tree tree() {
    return new Tree();
  }

  ObjectId raw(byte[] treeBytes) throws IOException {
    ObjectId id = inserter.insert(Constants.OBJ_TREE, treeBytes);
    inserter.flush();
    return id;
  }

  @Override
  public void close() {
    inserter.close();
    repository.close();
  }

  final class Tree {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Tree entry(int mode, String name, ObjectId id) {
      return entry(mode, name.getBytes(StandardCharsets.UTF_8), id);
    }

    Tree entry(int mode, byte[] name, ObjectId id) {
      bytes.writeBytes(Integer.toOctalString(mode).getBytes(StandardCharsets.US_ASCII));
      bytes.write(' ');
      bytes.writeBytes(name);
      bytes.write(0);
      byte[] raw = new byte[Constants.OBJECT_ID_LENGTH];
      id.copyRawTo(raw, 0);
      bytes.writeBytes(raw);
      return this;
    }

    Tree file(String name, String content) throws IOException {
      return entry(0100644, name, blob(content));
    }

    Tree link(String name, String target) throws IOException {
      return entry(0120000, name, blob(target));
    }

    Tree directory(String name, ObjectId tree) {
      return entry(040000, name, tree);
    }

    ObjectId insert() throws IOException {
      return raw(bytes.toByteArray());
    }
  }
}

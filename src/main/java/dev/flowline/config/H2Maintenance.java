package dev.flowline.config;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.db.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an H2 file database from growing without bound. H2's MVStore never overwrites a live page: every commit
 * appends a chunk (about 0.8 MB per execution of a two-action pipeline, as B-tree pages are rewritten whole), and
 * a chunk's space is reused only when none of its pages is live and it has been dead for the retention time
 * (45 s by default). Compacting (copying the few live pages out of mostly dead chunks) is the work of the store's
 * background thread, which does not run with {@code WRITE_DELAY=0}, the setting that makes a commit reach the file
 * before it returns. So the file held 3% live data after 300 executions and grew by 0.8 MB per execution.
 *
 * <p>This task, run every second, does what the background thread would: it forces the file to disk and rewrites
 * a bounded amount of sparsely filled chunks. Because everything written is on disk within a second, dead chunks
 * can be reused after {@link #RETENTION_MILLIS} instead of 45 s (the retention only protects chunks that newer,
 * not yet synced ones replace), which keeps the space written in one retention period small.
 */
final class H2Maintenance implements Runnable {
  private static final Logger log = LoggerFactory.getLogger(H2Maintenance.class);
  /** How long a dead chunk stays untouched: three runs of this task, so its replacement has been synced. */
  static final int RETENTION_MILLIS = 3_000;
  /** Chunks less full than this are rewritten (the MVStore's own auto-compact default). */
  static final int TARGET_FILL_RATE = 90;
  /** Bytes of live pages rewritten per run, so writers wait for the store's lock only briefly. */
  private static final int WRITE_LIMIT = 2 * 1024 * 1024;

  private final DataSource dataSource;

  H2Maintenance(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  @Override
  public void run() {
    try (Connection connection = dataSource.getConnection()) {
      MVStore store = fileStore(connection);
      if (store == null || store.isClosed()) {
        return;
      }
      store.sync();
      if (store.getRetentionTime() > RETENTION_MILLIS) {
        store.setRetentionTime(RETENTION_MILLIS);
      }
      if (store.compact(TARGET_FILL_RATE, WRITE_LIMIT)) {
        store.commit();
      }
    } catch (SQLException | RuntimeException e) {
      log.warn("H2 maintenance failed, will try again: {}", e.toString());
    }
  }

  /** The MVStore behind an embedded H2 file database, or null for any other database. */
  static MVStore fileStore(Connection connection) throws SQLException {
    if (!connection.isWrapperFor(JdbcConnection.class)
        || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
      return null;
    }
    Store store = session.getDatabase().getStore();
    MVStore mvStore = store == null ? null : store.getMvStore();
    return mvStore == null || mvStore.getFileStore() == null || mvStore.getFileStore().getFileName() == null
        ? null : mvStore;
  }
}

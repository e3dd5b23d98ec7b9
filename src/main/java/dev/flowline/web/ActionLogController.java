package dev.flowline.web;

import dev.flowline.actions.ActionLogs;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.Permission;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves an action's log, the {@code externalExecutionUrl} of in-process actions:
 * {@code GET /flowline/logs/{actionExecutionId}} answers the log as text/plain (404 if there is none yet).
 * To tail a running action, pass {@code ?offset=N} (bytes already read); the answer holds the bytes from N to
 * the end as it was when asked, and {@code X-Next-Offset} is the offset to ask for next.
 *
 * <p>The caller is logged in by the console's (Camunda webapp's) session or else HTTP Basic (config/ConsoleConfiguration)
 * and needs {@link Permission#READ}.
 * Without it the answer is 403, decided before the log is looked up, so it tells nothing about which
 * action executions exist: a 404 would hide the reason from a user who only lacks a role.
 */
@RestController
class ActionLogController {

  static final String NEXT_OFFSET = "X-Next-Offset";
  private static final MediaType TEXT = new MediaType(MediaType.TEXT_PLAIN, StandardCharsets.UTF_8);
  private final ActionLogs logs;
  private final AccessControl access;

  ActionLogController(ActionLogs logs, AccessControl access) {
    this.logs = logs;
    this.access = access;
  }

  @GetMapping("/flowline/logs/{actionExecutionId}")
  ResponseEntity<Resource> log(@PathVariable String actionExecutionId,
      @RequestParam(defaultValue = "0") long offset) throws IOException {
    if (!access.currentUser().map(user -> access.permits(user, Permission.READ)).orElse(false)) {
      return text(HttpStatus.FORBIDDEN, "Reading action logs needs the readers' role (or any role above it)\n");
    }
    if (!ActionLogs.isValidId(actionExecutionId)) {
      return text(HttpStatus.BAD_REQUEST, "Not an action execution id: it must be a lower-case UUID\n");
    }
    if (offset < 0) {
      return text(HttpStatus.BAD_REQUEST, "offset must not be negative\n");
    }
    Path file = logs.file(actionExecutionId);
    if (!Files.isRegularFile(file)) {
      return text(HttpStatus.NOT_FOUND, "No log for action execution " + actionExecutionId + "\n");
    }
    FileChannel channel = FileChannel.open(file);
    long end;
    long start;
    try {
      end = channel.size();
      start = Math.min(offset, end);
      channel.position(start);
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    // the message converter closes the stream, and with it the channel, once the body is written
    InputStream body = new LimitedInputStream(Channels.newInputStream(channel), end - start);
    return ResponseEntity.ok()
        .contentType(TEXT)
        .contentLength(end - start)
        .header(NEXT_OFFSET, String.valueOf(end))
        .body(new InputStreamResource(body));
  }

  private static ResponseEntity<Resource> text(HttpStatus status, String message) {
    return ResponseEntity.status(status).contentType(TEXT)
        .body(new InputStreamResource(new ByteArrayInputStream(message.getBytes(StandardCharsets.UTF_8))));
  }

  /** Stops after {@code remaining} bytes, so lines appended while the answer is written do not break its length. */
  private static final class LimitedInputStream extends FilterInputStream {
    private long remaining;

    LimitedInputStream(InputStream in, long limit) {
      super(in);
      this.remaining = limit;
    }

    @Override
    public int read() throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int b = super.read();
      if (b >= 0) {
        remaining--;
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int off, int len) throws IOException {
      if (remaining <= 0) {
        return -1;
      }
      int n = super.read(buffer, off, (int) Math.min(len, remaining));
      if (n > 0) {
        remaining -= n;
      }
      return n;
    }
  }
}

package dev.flowline.web;

import dev.flowline.actions.ActionLogs;
import dev.flowline.execution.ExecutionRecords;
import dev.flowline.execution.ExecutionStatus;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * An action's log in the console, with the console's session (no second password), followed live while the
 * action runs: the page polls {@code /tail?offset=N}, whose answer appends what was written since byte N and
 * replaces the poller with one for the next offset, until the action has finished and everything is shown.
 * A log of an action that does not exist, or that the user may not read, is 404 alike.
 */
@Controller
class ConsoleLogController {
  /** At most this much of the log per answer; a longer log arrives over several polls. */
  static final int CHUNK = 256 * 1024;
  private final ConsoleViews views;
  private final ActionLogs logs;

  ConsoleLogController(ConsoleViews views, ActionLogs logs) {
    this.views = views;
    this.logs = logs;
  }

  /** A piece of the log: its text, the offset to ask for next, and whether more may come. */
  record Chunk(String text, long next, boolean more) {}

  @GetMapping("/console/logs/{actionExecutionId}")
  String page(@PathVariable String actionExecutionId, @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user,
      Model model) throws IOException {
    ExecutionRecords.ActionRow action = visibleAction(actionExecutionId, user);
    model.addAttribute("action", action);
    model.addAttribute("chunk", read(action, 0));
    return "console/log";
  }

  @GetMapping("/console/logs/{actionExecutionId}/tail")
  String tail(@PathVariable String actionExecutionId, @RequestParam(defaultValue = "0") long offset,
      @RequestAttribute(ConsoleInterceptor.USER) ConsoleUser user, Model model) throws IOException {
    ExecutionRecords.ActionRow action = visibleAction(actionExecutionId, user);
    model.addAttribute("action", action);
    model.addAttribute("chunk", read(action, Math.max(0, offset)));
    model.addAttribute("tail", true);
    return "console/log :: tail";
  }

  private ExecutionRecords.ActionRow visibleAction(String actionExecutionId, ConsoleUser user) {
    if (!user.canRead() || !ActionLogs.isValidId(actionExecutionId)) {
      throw ConsoleController.notFound();
    }
    return views.action(actionExecutionId).orElseThrow(ConsoleController::notFound);
  }

  private Chunk read(ExecutionRecords.ActionRow action, long offset) throws IOException {
    // read the status before the file: a log read after the action finished is complete
    boolean running = !ExecutionStatus.isFinal(views.action(action.id()).map(ExecutionRecords.ActionRow::status)
        .orElse(ExecutionStatus.FAILED));
    Path file = logs.file(action.id());
    if (!Files.isRegularFile(file)) {
      return new Chunk("", offset, running);
    }
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      if (offset >= size) {
        return new Chunk("", size, running);
      }
      ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(CHUNK, size - offset));
      channel.read(buffer, offset);
      int length = completeCharacters(buffer.array(), buffer.position());
      long next = offset + length;
      return new Chunk(new String(buffer.array(), 0, length, StandardCharsets.UTF_8), next, running || next < size);
    }
  }

  /** The length of the longest prefix that does not end inside a UTF-8 sequence (the rest comes next time). */
  static int completeCharacters(byte[] bytes, int length) {
    for (int back = 1; back <= 3 && length - back >= 0; back++) {
      int b = bytes[length - back] & 0xff;
      if (b < 0x80) {
        return length;
      }
      if (b >= 0xc0) {
        int needed = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
        return back >= needed ? length : length - back;
      }
    }
    return length;
  }
}

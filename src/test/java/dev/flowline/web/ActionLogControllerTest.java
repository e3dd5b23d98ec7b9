package dev.flowline.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.flowline.actions.ActionLogs;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.Permission;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

class ActionLogControllerTest {

  @TempDir Path dataDir;
  ActionLogs logs;
  MockMvc mvc;
  String id = UUID.randomUUID().toString();

  @BeforeEach
  void setUp() {
    logs = new ActionLogs(dataDir);
    mvc = MockMvcBuilders.standaloneSetup(new ActionLogController(logs, new ReaderLoggedIn())).build();
  }

  /** A logged-in reader: the role checks themselves are proven against the running engine (RoleScenariosTest). */
  private static final class ReaderLoggedIn implements AccessControl {
    @Override
    public boolean permits(String userId, Permission permission) {
      return permission == Permission.READ;
    }

    @Override
    public boolean mayApprove(String userId, String pipelineName, String token) {
      return false;
    }

    @Override
    public boolean mayPush(String userId, String repository) {
      return false;
    }

    @Override
    public Optional<String> currentUser() {
      return Optional.of("reader");
    }
  }

  private void writeLog(String content) throws Exception {
    Path file = logs.file(id);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }

  @Test
  @DisplayName("GET /flowline/logs/{id} answers the whole log as UTF-8 text with the offset to tail from")
  void wholeLog() throws Exception {
    writeLog("line one\nzwei – drei\n");

    mvc.perform(get("/flowline/logs/" + id))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "text/plain;charset=UTF-8"))
        .andExpect(header().string("X-Next-Offset", String.valueOf(Files.size(logs.file(id)))))
        .andExpect(content().string("line one\nzwei – drei\n"));
  }

  @Test
  @DisplayName("?offset=N answers only what was appended after byte N; past the end it answers nothing")
  void tailFromOffset() throws Exception {
    writeLog("first\nsecond\n");

    mvc.perform(get("/flowline/logs/" + id).param("offset", "6"))
        .andExpect(status().isOk())
        .andExpect(content().string("second\n"))
        .andExpect(header().string("X-Next-Offset", "13"));
    mvc.perform(get("/flowline/logs/" + id).param("offset", "99"))
        .andExpect(status().isOk())
        .andExpect(content().string(""))
        .andExpect(header().string("X-Next-Offset", "13"));
  }

  @Test
  @DisplayName("an action execution without a log is 404")
  void missingLogIs404() throws Exception {
    mvc.perform(get("/flowline/logs/" + id)).andExpect(status().isNotFound());
  }

  @Test
  @DisplayName("an id that is not a lower-case UUID, or a negative offset, is 400")
  void invalidRequestsAre400() throws Exception {
    mvc.perform(get("/flowline/logs/not-a-uuid")).andExpect(status().isBadRequest());
    mvc.perform(get("/flowline/logs/" + id.toUpperCase())).andExpect(status().isBadRequest());
    mvc.perform(get("/flowline/logs/..%2F..%2Fetc%2Fpasswd")).andExpect(status().isBadRequest());
    writeLog("x");
    mvc.perform(get("/flowline/logs/" + id).param("offset", "-1")).andExpect(status().isBadRequest());
  }
}

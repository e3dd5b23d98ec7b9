package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.login.LoginClient;
import dev.flowline.login.LoginTestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;

/** The administrator's way back in from the command line. */
class AdminRecoveryTest {

  @TempDir
  Path temp;

  @Test
  @DisplayName("the recovery command, run as its own process on a stopped Flowline's database, gives admin a new "
      + "password, lifts Camunda's permanent lock and restores camunda-admin; then admin logs in")
  void recoveryCommandLetsAdminBackIn() throws Exception {
    Path dataDir = temp.resolve("data");
    try (LoginTestServer server = LoginTestServer.start(dataDir, Map.of())) {
      IdentityService identity = server.bean(ProcessEngine.class).getIdentityService();
      User admin = identity.createUserQuery().userId("admin").singleResult();
      admin.setPassword("forgotten-" + UUID.randomUUID());
      identity.saveUser(admin);
      identity.deleteMembership("admin", Groups.CAMUNDA_ADMIN);
      // the state an older Flowline left after ten wrong passwords: Camunda's permanent lock
      new JdbcTemplate(server.bean(DataSource.class))
          .update("UPDATE ACT_ID_USER SET ATTEMPTS_ = 10, LOCK_EXP_TIME_ = ? WHERE ID_ = 'admin'",
              new java.sql.Timestamp(System.currentTimeMillis() + 86_400_000L));
    }

    Path output = temp.resolve("recovery.log");
    ProcessBuilder command = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-Xmx256m", "-cp", mainClassPath(), "dev.flowline.FlowlineApplication",
        "--flowline.data-dir=" + dataDir.toAbsolutePath())
        .redirectErrorStream(true).redirectOutput(output.toFile());
    command.environment().put("FLOWLINE_ADMIN_RESET_PASSWORD", "a-new-admin-password");
    Process process = command.start();
    boolean ended = process.waitFor(180, TimeUnit.SECONDS);
    if (!ended) {
      process.destroyForcibly();
    }
    String log = Files.readString(output);
    assertThat(ended).as(log).isTrue();
    assertThat(process.exitValue()).as(log).isZero();
    assertThat(log).contains("User 'admin' has its new password, is unlocked and is a member of camunda-admin")
        .doesNotContain("a-new-admin-password");

    try (LoginTestServer server = LoginTestServer.start(dataDir, Map.of())) {
      LoginClient client = new LoginClient(server.port());
      assertThat(client.get("127.0.0.1", "/engine-rest/user/count", "admin", "a-new-admin-password").status())
          .isEqualTo(200);
      assertThat(client.get("127.0.0.1", "/engine-rest/group?member=admin", "admin", "a-new-admin-password").body())
          .contains("\"id\":\"" + Groups.CAMUNDA_ADMIN + "\"");
      assertThat(client.get("127.0.0.2", "/engine-rest/user/count", "admin", "admin").status()).isEqualTo(401);
    }
  }

  @Test
  @DisplayName("given a user locked for good by Camunda's own rule (ten failures), reset unlocks it with the new password")
  void resetLiftsCamundasPermanentLock() {
    ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl)
        ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
            .setProcessEngineName("recovery-" + UUID.randomUUID())
            .setJdbcUrl("jdbc:h2:mem:recovery-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    configuration.setLoginDelayBase(0);
    ProcessEngine engine = configuration.buildProcessEngine();
    try {
      IdentityService identity = engine.getIdentityService();
      User admin = identity.newUser("admin");
      admin.setPassword("old-password");
      identity.saveUser(admin);
      for (int i = 0; i < 10; i++) {
        identity.checkPassword("admin", "wrong");
      }
      assertThat(identity.checkPassword("admin", "old-password")).as("locked for good").isFalse();

      AdminRecovery.reset(identity, "admin", "new-password");

      assertThat(identity.checkPassword("admin", "new-password")).isTrue();
      assertThat(identity.createUserQuery().userId("admin").memberOfGroup(Groups.CAMUNDA_ADMIN).count()).isOne();
      AdminRecovery.reset(identity, "gone", "new-password");
      assertThat(identity.checkPassword("gone", "new-password")).as("a deleted admin is created again").isTrue();
    } finally {
      engine.close();
    }
  }

  @Test
  @DisplayName("an empty new password is refused with exit code 1 and nothing changes")
  void emptyPasswordIsRefused() {
    assertThat(AdminRecovery.run(new String[] {"--flowline.admin.reset-password=",
        "--flowline.data-dir=" + temp.resolve("none").toAbsolutePath()})).isEqualTo(1);
    assertThat(temp.resolve("none")).doesNotExist();
  }

  @Test
  @DisplayName("the recovery is asked for by the argument or the environment variable, nothing else")
  void requested() {
    assertThat(AdminRecovery.requested(new String[] {"--flowline.admin.reset-password=x"}, Map.of())).isTrue();
    assertThat(AdminRecovery.requested(new String[0], Map.of("FLOWLINE_ADMIN_RESET_PASSWORD", "x"))).isTrue();
    assertThat(AdminRecovery.requested(new String[] {"--server.port=0"}, Map.of("HOME", "/root"))).isFalse();
  }

  private static String mainClassPath() {
    String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return Arrays.stream(path.split(File.pathSeparator))
        .filter(entry -> !entry.replace('\\', '/').endsWith("/test-classes"))
        .collect(Collectors.joining(File.pathSeparator));
  }
}

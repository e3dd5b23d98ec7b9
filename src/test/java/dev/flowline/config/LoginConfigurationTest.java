package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;

/** The rule that the documented default admin password never listens beyond loopback, on a real engine. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginConfigurationTest {

  // one engine for all: each test has an admin user id of its own
  final ProcessEngine engine = ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration()
      .setProcessEngineName("login-" + UUID.randomUUID())
      .setJdbcUrl("jdbc:h2:mem:login-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1")
      .buildProcessEngine();

  WebApplicationContextRunner runner;
  String adminId;

  @BeforeEach
  void admin() {
    String admin = "admin" + UUID.randomUUID().toString().substring(0, 8);
    runner = new WebApplicationContextRunner()
        .withUserConfiguration(LoginConfiguration.class)
        .withBean(ProcessEngine.class, () -> engine)
        .withPropertyValues("camunda.bpm.admin-user.id=" + admin);
    adminId = admin;
  }

  @AfterAll
  void close() {
    engine.close();
  }

  void user(String id, String password) {
    User user = engine.getIdentityService().newUser(id.equals("admin") ? adminId : id);
    user.setPassword(password);
    engine.getIdentityService().saveUser(user);
  }

  @Test
  @DisplayName("given admin with the default password and server.address 0.0.0.0, then Flowline refuses to start, "
      + "saying what to set")
  void refusesDefaultPasswordBeyondLoopback() {
    user("admin", "admin");
    runner.withPropertyValues("server.address=0.0.0.0").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("Refusing to start: server.address is '0.0.0.0' while user '" + adminId
              + "' still has the documented default password 'admin'")
          .hasMessageContaining("FLOWLINE_ADMIN_RESET_PASSWORD=<new password>")
          .hasMessageContaining("camunda.bpm.admin-user.password");
    });
  }

  @Test
  @DisplayName("given the default password and no server.address (all interfaces), then Flowline refuses to start")
  void refusesDefaultPasswordOnAllInterfaces() {
    user("admin", "admin");
    runner.run(context -> assertThat(context).hasFailed());
  }

  @Test
  @DisplayName("given the default password on 127.0.0.1, ::1 or localhost, then Flowline starts")
  void startsOnLoopback() {
    user("admin", "admin");
    for (String address : new String[] {"127.0.0.1", "::1", "localhost"}) {
      runner.withPropertyValues("server.address=" + address).run(context -> assertThat(context).hasNotFailed());
    }
  }

  @Test
  @DisplayName("given a changed admin password, then Flowline may listen beyond loopback")
  void changedPasswordMayListenEverywhere() {
    user("admin", "a-real-password");
    runner.withPropertyValues("server.address=0.0.0.0").run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  @DisplayName("given a new camunda.bpm.admin-user.password in the configuration but the stored one still the "
      + "default (the property only seeds a new database), then Flowline still refuses")
  void storedPasswordCountsNotTheProperty() {
    user("admin", "admin");
    runner.withPropertyValues("server.address=0.0.0.0", "camunda.bpm.admin-user.password=a-real-password")
        .run(context -> assertThat(context).hasFailed());
  }

  @Test
  @DisplayName("given another admin user id, then its password is the one checked")
  void configuredAdminIdIsChecked() {
    user("admin", "a-real-password");
    user("boss", "admin");
    runner.withPropertyValues("server.address=10.0.0.5", "camunda.bpm.admin-user.id=boss")
        .run(context -> assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("user 'boss'"));
  }
}

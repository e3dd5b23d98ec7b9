package dev.flowline.login;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.login.LoginClient.Response;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, item 3, through the real surfaces of a Flowline started by the test: whoever reaches the login can
 * slow himself down, and lock a user for a short while at most, never for good. Short waits by configuration
 * (1 s doubling to 2 s per caller, 2 s doubling to 3 s per user); each scenario plays its callers from its own
 * 127.0.x.y addresses.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginAbuseScenariosTest {
  static final String ADMIN_PASSWORD = "the-right-admin-password";
  static final Map<String, String> SETTINGS = Map.of(
      "camunda.bpm.admin-user.password", ADMIN_PASSWORD,
      "flowline.login.free-failures", "10",
      "flowline.login.address-free-failures", "40",
      "flowline.login.base-delay", "1s",
      "flowline.login.max-delay", "2s",
      "flowline.login.user-lock-failures", "20",
      "flowline.login.user-lock", "2s",
      "flowline.login.user-lock-max", "3s",
      "flowline.login.forget-after", "30s");
  static final String ENGINE_REST = "/engine-rest/user/count";

  @TempDir
  static Path dataDir;
  LoginTestServer server;
  LoginClient client;

  @BeforeAll
  void start() {
    server = LoginTestServer.start(dataDir, SETTINGS);
    client = new LoginClient(server.port());
  }

  @AfterAll
  void stop() {
    server.close();
  }

  @Test
  @DisplayName("twenty wrong admin passwords from one address: the attacker gets 429 with growing waits, "
      + "another address logs in at once, and after the wait admin logs in with the right password")
  void wrongAdminPasswordsDoNotLockAdminForGood() throws Exception {
    List<Integer> statuses = new ArrayList<>();
    List<Long> waits = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Response response = client.get("127.0.1.1", ENGINE_REST, "admin", "guess-" + i);
      statuses.add(response.status());
      response.retryAfter().ifPresent(waits::add);
    }
    // 11 checked and wrong: one more than Camunda's permanent lock (loginMaxAttempts 10) would have allowed
    assertThat(statuses.subList(0, 11)).containsOnly(401);
    assertThat(statuses.subList(11, 20)).containsOnly(429);
    assertThat(waits).containsOnly(1L);
    Response whileWaiting = client.get("127.0.1.1", ENGINE_REST, "admin", ADMIN_PASSWORD);
    assertThat(whileWaiting.status()).as("refused without checking, even the right password").isEqualTo(429);
    assertThat(client.get("127.0.1.2", ENGINE_REST, "admin", ADMIN_PASSWORD).status())
        .as("another address, at once: no per-user delay of Camunda's").isEqualTo(200);

    Thread.sleep(1_000);
    assertThat(client.get("127.0.1.1", ENGINE_REST, "admin", "guess-again").status()).isEqualTo(401);
    Response slower = client.get("127.0.1.1", ENGINE_REST, "admin", ADMIN_PASSWORD);
    assertThat(slower.status()).isEqualTo(429);
    assertThat(slower.retryAfter()).as("the wait doubled").contains(2L);

    Thread.sleep(2_000);
    assertThat(client.get("127.0.1.1", ENGINE_REST, "admin", ADMIN_PASSWORD).status()).isEqualTo(200);
  }

  @Test
  @DisplayName("wrong passwords on every surface (webapp login, /engine-rest, action logs, git) count together, "
      + "and each surface then answers 429 with Retry-After without checking the password")
  void everySurfaceSharesTheThrottle() throws Exception {
    String user = newUser();
    String from = "127.0.2.1";
    List<Integer> statuses = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      statuses.add(client.get(from, ENGINE_REST, user, "wrong").status());
      statuses.add(client.get(from, "/flowline/logs/" + UUID.randomUUID(), user, "wrong").status());
      statuses.add(client.get(from, "/git/none.git/info/refs?service=git-upload-pack", user, "wrong").status());
    }
    statuses.add(webappLogin(from, user, "wrong").status());
    statuses.add(webappLogin(from, user, "wrong").status());
    assertThat(statuses).hasSize(11).containsOnly(401);

    List<Response> refused = List.of(
        client.get(from, ENGINE_REST, user, "s3cret-pass"),
        client.get(from, "/flowline/logs/" + UUID.randomUUID(), user, "s3cret-pass"),
        client.get(from, "/git/none.git/info/refs?service=git-upload-pack", user, "s3cret-pass"),
        webappLogin(from, user, "s3cret-pass"));
    assertThat(refused).allSatisfy(response -> {
      assertThat(response.status()).isEqualTo(429);
      assertThat(response.retryAfter()).hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 2L));
    });

    Thread.sleep(1_000 * refused.get(3).retryAfter().orElseThrow());
    assertThat(webappLogin(from, user, "s3cret-pass").status()).isEqualTo(200);
  }

  @Test
  @DisplayName("a flood against one user from many addresses locks the user for at most user-lock-max: an address "
      + "that logged in before is not held back, a new address gets in after the lock")
  void floodFromManyAddressesLocksOnlyForAWhile() throws Exception {
    String user = newUser();
    assertThat(client.get("127.0.3.1", ENGINE_REST, user, "s3cret-pass").status()).isEqualTo(200);
    for (int address = 10; address < 15; address++) {
      for (int i = 0; i < 4; i++) {
        assertThat(client.get("127.0.3." + address, ENGINE_REST, user, "wrong").status()).isEqualTo(401);
      }
    }

    Response newcomer = client.get("127.0.3.99", ENGINE_REST, user, "s3cret-pass");
    assertThat(newcomer.status()).isEqualTo(429);
    assertThat(newcomer.retryAfter()).hasValueSatisfying(seconds -> assertThat(seconds).isBetween(1L, 3L));
    assertThat(client.get("127.0.3.1", ENGINE_REST, user, "s3cret-pass").status())
        .as("the address that logged in before").isEqualTo(200);
    long started = System.nanoTime();
    Thread.sleep(1_000 * newcomer.retryAfter().orElseThrow());
    assertThat(client.get("127.0.3.99", ENGINE_REST, user, "s3cret-pass").status()).isEqualTo(200);
    assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(3_000 + 1_000);
  }

  @Test
  @DisplayName("a restart keeps no lock: after a flood of wrong admin passwords and a restart, admin logs in at once "
      + "from the attacker's own address")
  void restartKeepsNoLock() throws Exception {
    for (int i = 0; i < 15; i++) {
      client.get("127.0.4.1", ENGINE_REST, "admin", "guess-" + i);
    }
    assertThat(client.get("127.0.4.1", ENGINE_REST, "admin", ADMIN_PASSWORD).status()).isEqualTo(429);

    server.close();
    server = LoginTestServer.start(dataDir, SETTINGS);
    client = new LoginClient(server.port());

    assertThat(client.get("127.0.4.1", ENGINE_REST, "admin", ADMIN_PASSWORD).status()).isEqualTo(200);
  }

  /** As Cockpit's login page does: a GET for the session and its CSRF token, then the form. */
  private Response webappLogin(String from, String user, String password) throws IOException {
    Response page = client.send(from, "GET", "/camunda/app/cockpit/default/", Map.of(), null);
    String cookies = page.headers().getOrDefault("set-cookie", "").lines()
        .map(cookie -> cookie.split(";", 2)[0]).reduce((a, b) -> a + "; " + b).orElse("");
    String form = "username=" + URLEncoder.encode(user, StandardCharsets.UTF_8)
        + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8);
    return client.send(from, "POST", "/camunda/api/admin/auth/user/default/login/cockpit",
        Map.of("Content-Type", "application/x-www-form-urlencoded", "Cookie", cookies,
            "X-XSRF-TOKEN", page.headers().getOrDefault("x-xsrf-token", "")), form);
  }

  /** A user of the scenario's own, so that no scenario's failures count against another's user. */
  private String newUser() throws IOException {
    String user = "u" + UUID.randomUUID().toString().substring(0, 8);
    Response created = client.send("127.0.0.1", "POST", "/engine-rest/user/create",
        Map.of("Authorization", LoginClient.basic("admin", ADMIN_PASSWORD), "Content-Type", "application/json"),
        "{\"profile\": {\"id\": \"" + user + "\"}, \"credentials\": {\"password\": \"s3cret-pass\"}}");
    assertThat(created.status()).as(created.body()).isEqualTo(204);
    // a reader: with the right password the webapps let it in (a user without a role is refused there)
    Response member = client.send("127.0.0.1", "PUT", "/engine-rest/group/flowline-readers/members/" + user,
        Map.of("Authorization", LoginClient.basic("admin", ADMIN_PASSWORD)), "");
    assertThat(member.status()).as(member.body()).isEqualTo(204);
    return user;
  }
}

package dev.flowline.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.api.sigv4.SigV4Verifier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

class ApiSecurityConfigurationTest {

  final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withUserConfiguration(ApiSecurityConfiguration.class);

  @Test
  @DisplayName("given the default key pair and server.address 0.0.0.0, then Flowline refuses to start, saying why")
  void refusesDefaultKeyBeyondLoopback() {
    runner.withPropertyValues("server.address=0.0.0.0").run(context -> {
      assertThat(context).hasFailed();
      assertThat(context.getStartupFailure()).rootCause()
          .hasMessageContaining("Refusing to start: server.address is '0.0.0.0'")
          .hasMessageContaining("flowline.api.credentials[0].access-key-id");
    });
  }

  @Test
  @DisplayName("given the default key pair and no server.address (all interfaces), then Flowline refuses to start")
  void refusesDefaultKeyOnAllInterfaces() {
    runner.run(context -> assertThat(context).hasFailed());
  }

  @Test
  @DisplayName("given the default key pair on 127.0.0.1, ::1 or localhost, then Flowline starts")
  void startsOnLoopback() {
    for (String address : new String[] {"127.0.0.1", "::1", "localhost"}) {
      runner.withPropertyValues("server.address=" + address)
          .run(context -> assertThat(context).hasNotFailed().hasSingleBean(SigV4Verifier.class));
    }
  }

  @Test
  @DisplayName("given an own key pair, then Flowline may listen beyond loopback")
  void ownKeyPairMayListenEverywhere() {
    runner.withPropertyValues("server.address=0.0.0.0",
            "flowline.api.credentials[0].access-key-id=AKIDPRODUCTION000001",
            "flowline.api.credentials[0].secret-access-key=a-real-secret")
        .run(context -> assertThat(context).hasNotFailed());
  }

  @Test
  @DisplayName("given the default secret under another key id, then it still counts as the default pair")
  void defaultSecretUnderOtherIdIsStillDefault() {
    runner.withPropertyValues("server.address=10.0.0.5",
            "flowline.api.credentials[0].access-key-id=AKIDPRODUCTION000001",
            "flowline.api.credentials[0].secret-access-key=flowline-local-secret-do-not-use-in-production")
        .run(context -> assertThat(context).hasFailed());
  }
}

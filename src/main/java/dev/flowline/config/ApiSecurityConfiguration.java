package dev.flowline.config;

import dev.flowline.api.ApiProperties;
import dev.flowline.api.sigv4.SigV4Verifier;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Security of the CodePipeline API: every request must carry a SigV4 signature (service
 * {@code codepipeline}, the configured region) made with one of the configured key pairs. The embedded
 * default pair is public, so Flowline refuses to start when it is active and {@code server.address}
 * is anything but loopback (unset means every interface).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiProperties.class)
public class ApiSecurityConfiguration {

  static final String SERVICE = "codepipeline";
  private static final Logger log = LoggerFactory.getLogger(ApiSecurityConfiguration.class);

  @Bean
  SigV4Verifier sigV4Verifier(ApiProperties properties, Environment environment) {
    refuseDefaultKeyPairBeyondLoopback(environment.getProperty("server.address"), properties);
    if (properties.defaultKeyPairActive()) {
      log.warn("The CodePipeline API accepts the documented local key pair {} (loopback only). Configure "
          + "flowline.api.credentials[0].access-key-id / secret-access-key before exposing Flowline.",
          ApiProperties.DEFAULT_ACCESS_KEY_ID);
    }
    return new SigV4Verifier(properties.effectiveCredentials(), properties.region(), SERVICE, Clock.systemUTC());
  }

  static void refuseDefaultKeyPairBeyondLoopback(String serverAddress, ApiProperties properties) {
    if (properties.defaultKeyPairActive() && !isLoopback(serverAddress)) {
      throw new IllegalStateException("Refusing to start: server.address is "
          + (serverAddress == null || serverAddress.isBlank() ? "not set (all interfaces)" : "'" + serverAddress + "'")
          + " while the CodePipeline API accepts the documented default key pair " + ApiProperties.DEFAULT_ACCESS_KEY_ID
          + ", which anyone can use. Either set server.address to 127.0.0.1 (or ::1 / localhost), or configure "
          + "your own key pair with flowline.api.credentials[0].access-key-id and "
          + "flowline.api.credentials[0].secret-access-key.");
    }
  }

  static boolean isLoopback(String address) {
    if (address == null || address.isBlank()) {
      return false;
    }
    String host = address.strip();
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.equalsIgnoreCase("localhost")) {
      return true;
    }
    try {
      for (InetAddress resolved : InetAddress.getAllByName(host)) {
        if (!resolved.isLoopbackAddress()) {
          return false;
        }
      }
      return true;
    } catch (UnknownHostException e) {
      return false;
    }
  }
}

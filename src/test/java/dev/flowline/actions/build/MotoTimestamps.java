package dev.flowline.actions.build;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * moto's CodeBuild (and CodeDeploy) writes times as ISO-8601 strings where the AWS JSON protocol (and every SDK but
 * boto) expects epoch seconds, so the Java SDK cannot read its StartBuild and BatchGetBuilds answers. This
 * test-only interceptor rewrites those strings to epoch seconds before the SDK reads the response; the rest of
 * the exchange with moto is untouched.
 */
public final class MotoTimestamps implements ExecutionInterceptor {

  private static final Pattern ISO_TIME = Pattern.compile("(\"[A-Za-z]*[Tt]ime\"\\s*:\\s*)\"(\\d{4}-\\d{2}-\\d{2}T[^\"]+)\"");

  @Override
  public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context,
      ExecutionAttributes executionAttributes) {
    return context.responseBody().map(body -> {
      try (body) {
        String json = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        Matcher m = ISO_TIME.matcher(json);
        StringBuilder fixed = new StringBuilder();
        while (m.find()) {
          Instant instant = Instant.parse(m.group(2));
          String seconds = BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3).toPlainString();
          m.appendReplacement(fixed, Matcher.quoteReplacement(m.group(1) + seconds));
        }
        m.appendTail(fixed);
        return new ByteArrayInputStream(fixed.toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }
}

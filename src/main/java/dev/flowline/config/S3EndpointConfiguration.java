package dev.flowline.config;

import dev.flowline.api.ApiProperties;
import dev.flowline.api.s3.S3Endpoint;
import dev.flowline.api.s3.S3EndpointProperties;
import dev.flowline.engine.AccessControl;
import dev.flowline.engine.jobs.JobStore;
import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The S3-compatible endpoint ({@code flowline.s3.server.*}, see {@link S3EndpointProperties}) over what is stored
 * locally: the local buckets unless {@code flowline.s3.endpoint} sends the S3 actions to a real S3, and the artifact
 * store unless {@code flowline.artifacts.store=s3}. With both in S3 there is nothing to serve and it does not start.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(S3EndpointProperties.class)
@ConditionalOnExpression("${flowline.s3.server.enabled:true} and ('${flowline.s3.endpoint:}'.isBlank()"
    + " or '${flowline.artifacts.store:local}' == 'local')")
class S3EndpointConfiguration {

  @Bean(destroyMethod = "close")
  S3Endpoint s3Endpoint(S3EndpointProperties settings, ApiProperties api, AccessControl access, JobStore jobs,
      Clock clock, @Value("${flowline.data-dir:./data}") String dataDir,
      @Value("${flowline.s3.endpoint:}") String s3Endpoint,
      @Value("${flowline.artifacts.store:local}") String artifactStore) throws Exception {
    Path data = Path.of(dataDir).toAbsolutePath().normalize();
    return S3Endpoint.start(settings, api, s3Endpoint.isBlank() ? data.resolve("s3") : null,
        artifactStore.equals("local") ? data.resolve("artifacts") : null, access, jobs, clock);
  }
}

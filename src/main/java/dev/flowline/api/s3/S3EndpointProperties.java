package dev.flowline.api.s3;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code flowline.s3.server.*}: the S3-compatible endpoint over the embedded storage (docs/operations.md).
 *
 * @param enabled {@code false} = no endpoint (the local buckets and artifacts are then reachable only as files)
 * @param address where it listens; loopback by default, and only loopback while the documented default key pair
 *     is active
 * @param port its own port ({@code 0} = any free port)
 * @param maxThreads request threads
 */
@ConfigurationProperties(prefix = "flowline.s3.server")
public record S3EndpointProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("127.0.0.1") String address,
    @DefaultValue("8081") int port,
    @DefaultValue("16") int maxThreads) {}

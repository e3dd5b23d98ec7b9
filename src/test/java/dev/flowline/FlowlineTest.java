package dev.flowline;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;

/**
 * A test against the whole running Flowline: real Camunda engine, real in-memory H2, real workers,
 * on a random port. Every test class using it shares one application context, whose AWS providers talk to the
 * JVM's one moto_server ({@link SharedMoto}) and whose outside services are {@link SharedTestServers}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ContextConfiguration(initializers = {SharedMoto.class, SharedTestServers.class})
@ActiveProfiles("test")
public @interface FlowlineTest {}

package dev.flowline.api;

import dev.flowline.FlowlineApplication;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole Flowline application on a random port of 127.0.0.1, with an in-memory H2 database and a data
 * directory under target/ holding the test pipelines' source object. Every
 * API test class uses exactly these settings so that Spring starts the application once for all of them.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(classes = FlowlineApplication.class, webEnvironment = WebEnvironment.RANDOM_PORT, properties = {
    "server.address=127.0.0.1",
    "spring.datasource.url=jdbc:h2:mem:flowline-api-tests;DB_CLOSE_DELAY=-1",
    "flowline.data-dir=" + ApiTestData.DATA_DIR})
@ContextConfiguration(initializers = ApiTestData.class)
@interface FlowlineApiTest {}

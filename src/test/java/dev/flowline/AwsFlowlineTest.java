package dev.flowline;

import dev.flowline.artifacts.MotoServer;

/**
 * A {@link FlowlineTest} of an AWS provider: the shared test context (no context of its own), whose AWS endpoint
 * is the JVM's moto_server ({@link SharedMoto}). Kept for the end-to-end tests that extend it; a new test may as
 * well be a plain {@code @FlowlineTest} that calls {@link SharedMoto#server()}.
 */
@FlowlineTest
public abstract class AwsFlowlineTest {

  /** The JVM's moto_server (shared by every test: unique names, and reset only when a test needs it). */
  protected static final MotoServer MOTO = SharedMoto.server();
}

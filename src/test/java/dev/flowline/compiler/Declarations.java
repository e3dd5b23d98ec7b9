package dev.flowline.compiler;

import dev.flowline.pipeline.ActionDeclaration;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.PipelineCodec;
import dev.flowline.pipeline.PipelineDeclaration;
import dev.flowline.pipeline.StageDeclaration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Pipeline declarations for compiler tests: the JSON fixtures and small builders. */
final class Declarations {

  static final ActionTypeId S3_SOURCE = ActionTypeId.of("Source", "AWS", "S3", "1");
  static final ActionTypeId COMMANDS = ActionTypeId.of("Compute", "AWS", "Commands", "1");
  static final ActionTypeId MANUAL_APPROVAL = ActionTypeId.of("Approval", "AWS", "Manual", "1");
  static final ActionTypeId S3_DEPLOY = ActionTypeId.of("Deploy", "AWS", "S3", "1");

  private Declarations() {}

  /** A fixture from src/test/resources/compiler/{name}.json. */
  static PipelineDeclaration fixture(String name) {
    try (var in = Declarations.class.getResourceAsStream("/compiler/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return PipelineCodec.read(new String(in.readAllBytes(), StandardCharsets.UTF_8)).pipeline();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PipelineDeclaration pipeline(String name, StageDeclaration... stages) {
    return new PipelineDeclaration(name, "arn:aws:iam::123456789012:role/flowline", null, null,
        List.of(stages), 1, null, "V2", null, null);
  }

  static StageDeclaration stage(String name, ActionDeclaration... actions) {
    return new StageDeclaration(name, null, List.of(actions), null, null, null);
  }

  static ActionDeclaration action(String name, ActionTypeId type, int runOrder) {
    return new ActionDeclaration(name, type, runOrder, null, null, null, null, null, null, null, null, null, null);
  }

  static ActionDeclaration approval(String name, Integer timeoutInMinutes) {
    return new ActionDeclaration(name, MANUAL_APPROVAL, 1, null, null, null, null, null, null, null, null,
        timeoutInMinutes, null);
  }

  /**
   * {@code stages} stages; stage i has {@code width(i)} parallel Commands actions in runOrder 1 and one
   * more in runOrder 2, and every fourth stage ends with an approval.
   */
  static PipelineDeclaration wide(String name, int stages, int maxWidth) {
    List<StageDeclaration> list = new ArrayList<>();
    list.add(stage("Source", action("Checkout", S3_SOURCE, 1)));
    for (int i = 1; i < stages; i++) {
      List<ActionDeclaration> actions = new ArrayList<>();
      int width = 1 + i % maxWidth;
      for (int a = 0; a < width; a++) {
        actions.add(action("Step" + a, COMMANDS, 1));
      }
      actions.add(action("Then", COMMANDS, 2));
      if (i % 4 == 0) {
        actions.add(new ActionDeclaration("Approve", MANUAL_APPROVAL, 3, null, null, null, null, null, null,
            null, null, null, null));
      }
      list.add(new StageDeclaration("Stage" + i, null, actions, null, null, null));
    }
    return pipeline(name, list.toArray(StageDeclaration[]::new));
  }
}

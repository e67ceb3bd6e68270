package io.ecsreconciler.pass;

import io.ecsreconciler.desired.StackLoader;
import io.ecsreconciler.desired.StackSpec;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.EcrImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/** The project's own desired-state/hello.yaml, optionally edited, and the image its tag names. */
final class HelloStack {

  static final Path FILE = Path.of("../desired-state/hello.yaml");

  private HelloStack() {
  }

  static StackSpec spec() {
    return edited(UnaryOperator.identity());
  }

  /** hello.yaml with a text edit, validated like any desired-state file. */
  static StackSpec edited(UnaryOperator<String> edit) {
    try {
      var result = new StackLoader().load(FILE, edit.apply(Files.readString(FILE)));
      return result.stack().orElseThrow(() -> new AssertionError("edited hello.yaml is invalid: " + result.problems()));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** What the original setup did by hand: an ECR repository with the image pushed to it. */
  static void pushImage(AwsEmulator emulator, String tag) {
    EcrImages.push(emulator, tag);
  }
}

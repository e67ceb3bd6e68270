package io.ecsreconciler.api;

import io.ecsreconciler.app.RunningController;
import io.ecsreconciler.testing.AwsEmulator;
import io.ecsreconciler.testing.EcrImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A desired-state folder holding a copy of the project's hello.yaml, edited in place the way a push would,
 * and the few things the API tests share: the image hello needs, a controller reading the folder, webhook
 * signatures.
 */
final class HelloFolder {

  static final Path ORIGINAL = Path.of("../desired-state/hello.yaml");
  /** Not a Fargate cpu size: the schema rejects it. */
  static final UnaryOperator<String> BAD_CPU = yaml -> replace(yaml, "cpu: 256", "cpu: 300");
  /** A Fargate cpu with a memory it does not come with: the semantic check rejects it. */
  static final UnaryOperator<String> BAD_MEMORY = yaml -> replace(yaml, "memory: 512", "memory: 513");

  /** A health-check path with markup in it: its problem quotes the value, which a page must show as text. */
  static final UnaryOperator<String> MARKUP_IN_PATH = yaml -> replace(yaml, "healthCheckPath: /hello",
      "healthCheckPath: \"/<img src=x onerror=window.injected=1>\"");

  private final Path folder;

  HelloFolder(Path folder) {
    this.folder = folder;
    write(UnaryOperator.identity());
  }

  Path folder() {
    return folder;
  }

  Path file() {
    return folder.resolve("hello.yaml");
  }

  /** Rewrites hello.yaml as the original with an edit. */
  void write(UnaryOperator<String> edit) {
    try {
      Files.writeString(file(), edit.apply(Files.readString(ORIGINAL)), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The real application reading this folder; its start-up pass begins at once. */
  RunningController start(AwsEmulator emulator) {
    return RunningController.start(emulator, Map.of("reconciler.source.folder", folder.toString()));
  }

  /** What hello's image preflight needs: the ECR repository with the tag pushed (as in pass.HelloStack). */
  static void pushImage(AwsEmulator emulator, String tag) {
    EcrImages.push(emulator, tag);
  }

  /** {@code sha256=<hex>} as a Git host signs a webhook body. */
  static String signature(String body, String secret) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String replace(String yaml, String from, String to) {
    if (!yaml.contains(from)) {
      throw new AssertionError("hello.yaml no longer contains '" + from + "'");
    }
    return yaml.replace(from, to);
  }
}

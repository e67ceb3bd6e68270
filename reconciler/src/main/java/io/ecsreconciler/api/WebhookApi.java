package io.ecsreconciler.api;

import io.ecsreconciler.app.ControllerProperties;
import io.ecsreconciler.loop.Controller;
import io.swagger.v3.oas.annotations.Operation;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Git host's push webhook: verified by its HMAC-SHA256 signature over the raw body, the way GitHub (and
 * Gitea, Forgejo) send it ({@code X-Hub-Signature-256: sha256=<hex>}), then a pass is requested. The body itself
 * is not trusted for anything: the pass reads the repository.
 */
@RestController
class WebhookApi {

  static final String SIGNATURE_HEADER = "X-Hub-Signature-256";

  private final Controller controller;
  private final byte[] secret;

  WebhookApi(Controller controller, ControllerProperties properties) {
    this.controller = controller;
    var configured = properties.api().webhookSecret();
    this.secret = configured == null || configured.isBlank() ? null : configured.getBytes(StandardCharsets.UTF_8);
  }

  @PostMapping("/api/v1/webhook/git")
  @Operation(summary = "Push webhook: verified by X-Hub-Signature-256, then a pass is requested")
  ResponseEntity<Map<String, String>> push(@RequestHeader(name = SIGNATURE_HEADER, required = false) String signature,
                                           @RequestBody(required = false) byte[] body) {
    if (secret == null) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .body(Map.of("error", "no webhook secret is configured (reconciler.api.webhook-secret)"));
    }
    if (signature == null || !valid(signature, body == null ? new byte[0] : body)) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "invalid signature"));
    }
    controller.requestPass("webhook");
    return ResponseEntity.accepted().body(Map.of("status", "pass requested"));
  }

  private boolean valid(String signature, byte[] body) {
    if (!signature.startsWith("sha256=")) {
      return false;
    }
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      var expected = HexFormat.of().formatHex(mac.doFinal(body)).getBytes(StandardCharsets.US_ASCII);
      return MessageDigest.isEqual(expected, signature.substring("sha256=".length()).getBytes(StandardCharsets.US_ASCII));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

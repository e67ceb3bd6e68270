package io.ecsreconciler.notify;

import io.ecsreconciler.loop.StackEvent;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The generic webhook's body, one JSON object per event:
 * {@code {"stack","type","revision","message","details":[...],"time","controller"}} ({@code time} ISO-8601 UTC,
 * {@code controller} the replica that sent it, left out when unknown), signed like the Git hosts' webhooks:
 * {@code X-Signature-256: sha256=<hex HMAC-SHA256 of the exact body bytes>}.
 */
final class WebhookEvent {

  static final String SIGNATURE_HEADER = "X-Signature-256";
  static final JsonMapper JSON = JsonMapper.shared();

  private WebhookEvent() {}

  static byte[] body(StackEvent event, Optional<String> controller) {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("stack", event.stack());
    fields.put("type", event.type());
    fields.put("revision", event.revision());
    fields.put("message", event.message());
    fields.put("details", event.details());
    fields.put("time", event.time().toString());
    controller.ifPresent(name -> fields.put("controller", name));
    return JSON.writeValueAsBytes(fields);
  }

  /** {@code sha256=<hex>} of the body under the secret. */
  static String signature(byte[] body, byte[] secret) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}

package io.ecsreconciler.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Each Git host's push webhook, with the exact headers it sends, and what a forger or a replay gets. */
class WebhookVerifierTest {

  private static final String SECRET = "s3cret-for-webhooks";
  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private static final byte[] BODY = "{\"ref\":\"refs/heads/main\",\"after\":\"abc\"}".getBytes(StandardCharsets.UTF_8);

  private final WebhookVerifier verifier = new WebhookVerifier(SECRET, Clock.fixed(NOW, ZoneOffset.UTC));

  private WebhookVerifier.Verdict verify(Map<String, String> headers, byte[] body) {
    var caseless = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
    caseless.putAll(headers);
    return verifier.verify(caseless::get, body);
  }

  static byte[] hmac(byte[] key, byte[] data) throws Exception {
    var mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  static String hex(byte[] body) throws Exception {
    return HexFormat.of().formatHex(hmac(SECRET.getBytes(StandardCharsets.UTF_8), body));
  }

  @Test
  void gitHubSignsTheBodyInXHubSignature256() throws Exception {
    var verdict = verify(Map.of("X-GitHub-Event", "push", "X-GitHub-Delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "X-Hub-Signature-256", "sha256=" + hex(BODY)), BODY);

    assertThat(verdict.genuine()).isTrue();
    assertThat(verdict.host()).isEqualTo("github");
    assertThat(verify(Map.of("X-Hub-Signature-256", "sha256=" + hex(BODY)), "{}".getBytes()).refusal())
        .contains("invalid X-Hub-Signature-256");
  }

  @Test
  void giteaAndForgejoSendTheHexSignatureWithoutPrefix() throws Exception {
    assertThat(verify(Map.of("X-Gitea-Event", "push", "X-Gitea-Signature", hex(BODY)), BODY).host()).isEqualTo("gitea");
    assertThat(verify(Map.of("X-Gitea-Event", "push", "X-Gitea-Signature", hex(BODY)), BODY).genuine()).isTrue();
    assertThat(verify(Map.of("X-Forgejo-Event", "push", "X-Forgejo-Signature", hex(BODY)), BODY).genuine()).isTrue();
    assertThat(verify(Map.of("X-Forgejo-Signature", hex("x".getBytes())), BODY).refusal())
        .contains("invalid X-Forgejo-Signature");
  }

  @Test
  void gitLabsSecretTokenIsComparedAsItIs() {
    var verdict = verify(Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET), BODY);

    assertThat(verdict.genuine()).isTrue();
    assertThat(verdict.host()).isEqualTo("gitlab");
    assertThat(verify(Map.of("X-Gitlab-Event", "Push Hook", "X-Gitlab-Token", SECRET + "x"), BODY).genuine()).isFalse();
  }

  @Test
  void nothingSignedIsRefused() {
    assertThat(verify(Map.of("X-GitHub-Event", "push"), BODY).refusal()).hasValueSatisfying(why ->
        assertThat(why).startsWith("no signature"));
  }

  @Nested
  class StandardWebhooksAsGitLabSignsThem {

    private static final String ID = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";

    private Map<String, String> signed(String id, long timestamp, byte[] body) throws Exception {
      var content = (id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8);
      var all = new byte[content.length + body.length];
      System.arraycopy(content, 0, all, 0, content.length);
      System.arraycopy(body, 0, all, content.length, body.length);
      var signature = Base64.getEncoder().encodeToString(hmac(SECRET.getBytes(StandardCharsets.UTF_8), all));
      return Map.of("X-Gitlab-Event", "Push Hook", "webhook-id", id, "webhook-timestamp", String.valueOf(timestamp),
          "webhook-signature", "v1,bm90LXRoaXMtb25l v1," + signature);
    }

    @Test
    void aSignatureOverIdTimestampAndBodyIsGenuineOnceAndARepeatIsAReplay() throws Exception {
      var headers = signed(ID, NOW.getEpochSecond() - 30, BODY);

      assertThat(verify(headers, BODY).genuine()).isTrue();
      assertThat(verify(headers, BODY).refusal()).hasValueSatisfying(why -> assertThat(why).contains("replay"));
    }

    @Test
    void anOldOrFutureTimestampIsRefusedEvenWhenSigned() throws Exception {
      assertThat(verify(signed("msg_old", NOW.getEpochSecond() - 600, BODY), BODY).refusal())
          .hasValueSatisfying(why -> assertThat(why).contains("outside 5 minutes"));
      assertThat(verify(signed("msg_future", NOW.getEpochSecond() + 600, BODY), BODY).genuine()).isFalse();
    }

    @Test
    void aChangedBodyOrAMissingIdIsRefused() throws Exception {
      var headers = signed("msg_body", NOW.getEpochSecond(), BODY);

      assertThat(verify(headers, "{\"after\":\"evil\"}".getBytes()).refusal()).contains("invalid webhook-signature");
      assertThat(verify(Map.of("webhook-signature", headers.get("webhook-signature")), BODY).genuine()).isFalse();
    }

    @Test
    void aWhsecSecretIsTheKeyItsBase64Decodes() throws Exception {
      var key = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw".getBytes(StandardCharsets.UTF_8);
      var standard = new WebhookVerifier("whsec_" + Base64.getEncoder().encodeToString(key),
          Clock.fixed(NOW, ZoneOffset.UTC));
      var timestamp = NOW.getEpochSecond();
      var content = ("msg_1." + timestamp + "." + new String(BODY, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
      var headers = new TreeMap<String, String>(String.CASE_INSENSITIVE_ORDER);
      headers.putAll(Map.of("webhook-id", "msg_1", "webhook-timestamp", String.valueOf(timestamp),
          "webhook-signature", "v1," + Base64.getEncoder().encodeToString(hmac(key, content))));

      assertThat(standard.verify(headers::get, BODY).genuine()).isTrue();
    }
  }
}

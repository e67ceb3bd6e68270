package io.ecsreconciler.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies a push webhook the way each Git host signs it, with one shared secret:
 * <ul>
 *   <li>GitHub (and Gitea, Forgejo alongside their own): {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the
 *       body>};</li>
 *   <li>Gitea and Forgejo: {@code X-Gitea-Signature} / {@code X-Forgejo-Signature: <hex HMAC-SHA256 of the body>};</li>
 *   <li>GitLab's secret token: {@code X-Gitlab-Token: <the secret>}, compared in constant time;</li>
 *   <li>GitLab's signing token, per the Standard Webhooks specification: {@code webhook-id}, {@code webhook-timestamp}
 *       and {@code webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">} (several, space-separated),
 *       the timestamp within a tolerance and an id seen before refused (a replay). A secret {@code whsec_<base64>}
 *       is the key those bytes decode to, as the specification says.</li>
 * </ul>
 * Nothing in the body is trusted: a valid webhook only asks for a pass, which reads the repository itself.
 */
final class WebhookVerifier {

  static final Duration TOLERANCE = Duration.ofMinutes(5);
  private static final int REMEMBERED_IDS = 10_000;
  private static final String STANDARD_PREFIX = "whsec_";

  /** Why a webhook was refused; empty when it is genuine. */
  record Verdict(Optional<String> refusal, String host) {
    boolean genuine() {
      return refusal.isEmpty();
    }
  }

  private final byte[] secret;
  private final Clock clock;
  private final Map<String, Instant> seenIds = new LinkedHashMap<>(16, 0.75f, false) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Instant> eldest) {
      return size() > REMEMBERED_IDS;
    }
  };

  WebhookVerifier(String secret, Clock clock) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.clock = clock;
  }

  /** @param header a request header by name, case-insensitively; null when absent */
  Verdict verify(Function<String, String> header, byte[] body) {
    var standard = header.apply("webhook-signature");
    if (standard != null) {
      return new Verdict(standardWebhook(header.apply("webhook-id"), header.apply("webhook-timestamp"), standard,
          body), "gitlab (standard webhooks)");
    }
    var github = header.apply("X-Hub-Signature-256");
    if (github != null) {
      return new Verdict(github.startsWith("sha256=") && hexMatches(github.substring(7), body) ? Optional.empty()
          : Optional.of("invalid X-Hub-Signature-256"), "github");
    }
    for (var name : new String[] {"X-Gitea-Signature", "X-Forgejo-Signature"}) {
      var hex = header.apply(name);
      if (hex != null) {
        return new Verdict(hexMatches(hex, body) ? Optional.empty() : Optional.of("invalid " + name),
            name.substring(2, name.indexOf("-Signature")).toLowerCase(java.util.Locale.ROOT));
      }
    }
    var gitlabToken = header.apply("X-Gitlab-Token");
    if (gitlabToken != null) {
      return new Verdict(MessageDigest.isEqual(secret, gitlabToken.getBytes(StandardCharsets.UTF_8))
          ? Optional.empty() : Optional.of("invalid X-Gitlab-Token"), "gitlab");
    }
    return new Verdict(Optional.of("no signature: X-Hub-Signature-256, X-Gitea-Signature, X-Forgejo-Signature, "
        + "X-Gitlab-Token or webhook-signature expected"), "unknown");
  }

  private Optional<String> standardWebhook(String id, String timestamp, String signatures, byte[] body) {
    if (id == null || timestamp == null) {
      return Optional.of("webhook-signature without webhook-id and webhook-timestamp");
    }
    Instant sent;
    try {
      sent = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
    } catch (NumberFormatException e) {
      return Optional.of("webhook-timestamp is not seconds since the epoch");
    }
    var now = clock.instant();
    if (sent.isBefore(now.minus(TOLERANCE)) || sent.isAfter(now.plus(TOLERANCE))) {
      return Optional.of("webhook-timestamp outside " + TOLERANCE.toMinutes() + " minutes of now");
    }
    var signed = (id + "." + timestamp.strip() + ".").getBytes(StandardCharsets.UTF_8);
    var expected = hmac(standardKey(), concat(signed, body));
    boolean matches = false;
    for (var candidate : signatures.trim().split("\\s+")) {
      if (candidate.startsWith("v1,")) {
        try {
          matches |= MessageDigest.isEqual(expected, Base64.getDecoder().decode(candidate.substring(3)));
        } catch (IllegalArgumentException notBase64) {
          // another signature of the list may still match
        }
      }
    }
    if (!matches) {
      return Optional.of("invalid webhook-signature");
    }
    synchronized (seenIds) {
      seenIds.values().removeIf(at -> at.isBefore(now.minus(TOLERANCE.multipliedBy(2))));
      if (seenIds.putIfAbsent(id, now) != null) {
        return Optional.of("webhook-id " + id + " was seen before (a replay)");
      }
    }
    return Optional.empty();
  }

  private byte[] standardKey() {
    var text = new String(secret, StandardCharsets.UTF_8);
    if (text.startsWith(STANDARD_PREFIX)) {
      try {
        return Base64.getDecoder().decode(text.substring(STANDARD_PREFIX.length()));
      } catch (IllegalArgumentException notBase64) {
        return secret;
      }
    }
    return secret;
  }

  private boolean hexMatches(String hex, byte[] body) {
    var expected = HexFormat.of().formatHex(hmac(secret, body)).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, hex.strip().toLowerCase(java.util.Locale.ROOT)
        .getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      var mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    var all = new byte[a.length + b.length];
    System.arraycopy(a, 0, all, 0, a.length);
    System.arraycopy(b, 0, all, a.length, b.length);
    return all;
  }
}

package io.ecsreconciler.api;

import io.ecsreconciler.app.ControllerProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The bearer token ({@code reconciler.api.token}) that mutating calls and previews need. Without a configured
 * token nothing is accepted (fail closed). Compared in constant time.
 */
@Component
class ApiToken {

  private final byte[] token;

  ApiToken(ControllerProperties properties) {
    var configured = properties.api().token();
    this.token = configured == null || configured.isBlank() ? null : configured.getBytes(StandardCharsets.UTF_8);
  }

  /** Why a request with this {@code Authorization} header is refused; empty when it carries the token. */
  Optional<String> refusal(String authorization) {
    if (token == null) {
      return Optional.of("no API token is configured (reconciler.api.token): mutating calls and previews are"
          + " disabled");
    }
    var presented = authorization != null && authorization.startsWith("Bearer ")
        ? authorization.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8) : null;
    return presented != null && MessageDigest.isEqual(token, presented) ? Optional.empty()
        : Optional.of("a valid bearer token is required");
  }
}

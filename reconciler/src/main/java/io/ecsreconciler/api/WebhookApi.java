package io.ecsreconciler.api;

import io.ecsreconciler.app.ControllerProperties;
import io.ecsreconciler.loop.Controller;
import io.swagger.v3.oas.annotations.Operation;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * A Git host's push webhook, verified by {@link WebhookVerifier} (GitHub, GitLab's token or Standard Webhooks
 * signature, Gitea, Forgejo), then a pass is requested. The body itself is not trusted for anything: the pass
 * reads the repository.
 */
@RestController
class WebhookApi {

  private final Controller controller;
  private final WebhookVerifier verifier;

  WebhookApi(Controller controller, ControllerProperties properties, java.time.Clock clock) {
    this.controller = controller;
    var configured = properties.api().webhookSecret();
    this.verifier = configured == null || configured.isBlank() ? null : new WebhookVerifier(configured, clock);
  }

  @PostMapping("/api/v1/webhook/git")
  @Operation(summary = "Push webhook: verified by the Git host's signature (X-Hub-Signature-256, X-Gitea-Signature, "
      + "X-Forgejo-Signature, X-Gitlab-Token, or Standard Webhooks' webhook-signature), then a pass is requested")
  ResponseEntity<Map<String, String>> push(@RequestHeader HttpHeaders headers,
                                           @RequestBody(required = false) byte[] body) {
    if (verifier == null) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
          .body(Map.of("error", "no webhook secret is configured (reconciler.api.webhook-secret)"));
    }
    var verdict = verifier.verify(headers::getFirst, body == null ? new byte[0] : body);
    if (!verdict.genuine()) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", verdict.refusal().get()));
    }
    controller.requestPass("webhook from " + verdict.host());
    return ResponseEntity.accepted().body(Map.of("status", "pass requested", "host", verdict.host()));
  }
}

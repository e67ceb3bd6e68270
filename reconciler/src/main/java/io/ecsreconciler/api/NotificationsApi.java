package io.ecsreconciler.api;

import io.ecsreconciler.notify.Notifier;
import io.ecsreconciler.notify.NotifierStatus;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** How notifications are going (open, like every read): the dashboard shows it, so failing ones are seen. */
@RestController
@RequestMapping("/api/v1")
class NotificationsApi {

  private final ObjectProvider<Notifier> notifier;

  NotificationsApi(ObjectProvider<Notifier> notifier) {
    this.notifier = notifier;
  }

  @GetMapping("/notifications")
  @Operation(summary = "Notification sinks configured (slack, webhook; shown by scheme and host only), with "
      + "counts sent, failed and dropped, the last success and the last failure with its error")
  NotifierStatus notifications() {
    var configured = notifier.getIfAvailable();
    return configured == null ? NotifierStatus.NONE : configured.status();
  }
}

package io.ecsreconciler.api;

import io.ecsreconciler.loop.Controller;
import io.ecsreconciler.loop.StackEvent;
import io.ecsreconciler.loop.StatusBoard;
import io.ecsreconciler.plan.JsonPlanRenderer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The status API (DESIGN §6): reads are open, the sync trigger needs the bearer token (see {@link ApiAuthFilter}). */
@RestController
@RequestMapping("/api/v1")
class StacksApi {

  private final StatusBoard board;
  private final Controller controller;

  StacksApi(StatusBoard board, Controller controller) {
    this.board = board;
    this.controller = controller;
  }

  @GetMapping("/stacks")
  @Operation(summary = "Every stack with its sync status, health, revision, last pass and last error")
  List<StackView> stacks() {
    return board.stacks().stream().map(s -> StackView.of(s, false)).toList();
  }

  @GetMapping("/stacks/{name}")
  @Operation(summary = "One stack with its resources and last plan")
  ResponseEntity<StackView> stack(@PathVariable String name) {
    return ResponseEntity.of(board.stack(name).map(s -> StackView.of(s, true)));
  }

  @GetMapping("/stacks/{name}/resources")
  @Operation(summary = "The stack's resources as its last pass found them")
  ResponseEntity<List<StackView.ResourceView>> resources(@PathVariable String name) {
    return ResponseEntity.of(board.stack(name).map(s -> StackView.of(s, true).resources()));
  }

  @GetMapping("/stacks/{name}/plan")
  @Operation(summary = "The stack's last plan: every resource's action and field-level deltas")
  ResponseEntity<Map<String, Object>> plan(@PathVariable String name) {
    return ResponseEntity.of(board.stack(name).flatMap(s -> s.lastPlan()).map(JsonPlanRenderer::toMap));
  }

  @PostMapping("/stacks/{name}/sync")
  @Operation(summary = "Reconcile the stack now, even while it backs off; with retry=true, roll out again a task "
      + "definition whose rollout failed", security = @SecurityRequirement(name = "bearer"))
  ResponseEntity<Map<String, String>> sync(@PathVariable String name,
                                           @RequestParam(defaultValue = "false") boolean retry) {
    if (!controller.requestStack(name, retry)) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no stack named " + name));
    }
    return ResponseEntity.accepted().body(Map.of("stack", name, "status",
        retry ? "pass requested, retrying a failed rollout" : "pass requested"));
  }

  @PostMapping("/stacks/{name}/suspend")
  @Operation(summary = "Suspend the stack: passes still observe it and report its drift, but change nothing until "
      + "it is resumed. Kept as a tag on the stack's ECS cluster, so every replica and a restart see it",
      security = @SecurityRequirement(name = "bearer"))
  ResponseEntity<Map<String, Object>> suspend(@PathVariable String name,
                                              @RequestParam(defaultValue = "") String reason) {
    try {
      return switched(name, controller.suspend(name, reason.isBlank() ? "suspended through the API" : reason));
    } catch (IllegalStateException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
  }

  @PostMapping("/stacks/{name}/resume")
  @Operation(summary = "Resume a suspended stack: the next pass (requested at once) changes AWS again",
      security = @SecurityRequirement(name = "bearer"))
  ResponseEntity<Map<String, Object>> resume(@PathVariable String name) {
    try {
      return switched(name, controller.resume(name));
    } catch (IllegalStateException e) {
      return ResponseEntity.status(HttpStatus.CONFLICT).body(Map.of("error", e.getMessage()));
    }
  }

  private ResponseEntity<Map<String, Object>> switched(String name, Controller.Switched outcome) {
    if (outcome == Controller.Switched.NO_SUCH_STACK) {
      return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no stack named " + name
          + " with a valid desired state"));
    }
    var suspension = board.stack(name).flatMap(s -> s.suspension());
    var body = new java.util.LinkedHashMap<String, Object>();
    body.put("stack", name);
    body.put("suspended", suspension.isPresent());
    suspension.ifPresent(s -> {
      body.put("since", s.since().toString());
      body.put("reason", s.reason());
    });
    return ResponseEntity.ok(body);
  }

  @GetMapping("/events")
  @Operation(summary = "Recent events, newest first")
  List<StackEvent> events(@RequestParam Optional<String> stack, @RequestParam(defaultValue = "100") int limit) {
    return board.events(stack, Math.max(1, Math.min(limit, 500)));
  }
}

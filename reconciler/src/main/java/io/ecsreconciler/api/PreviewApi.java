package io.ecsreconciler.api;

import io.ecsreconciler.preview.PlanPreview;
import io.ecsreconciler.preview.PreviewJson;
import io.ecsreconciler.preview.PreviewMarkdown;
import io.ecsreconciler.source.DesiredStateSource;
import io.ecsreconciler.source.SourceNotFoundException;
import io.ecsreconciler.source.SourceUnavailableException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plan previews: what merging a branch, tag, pull-request ref or commit of the controller's Git repository would
 * change in AWS, as Markdown for a pull-request comment or as JSON. Read-only: the ref is read into refs of its
 * own in the controller's clone (never the branch it follows), and each stack is planned with read calls only; the
 * status board is not touched.
 *
 * <p>Unlike the other GETs this one needs the bearer token. They replay what a pass has already recorded; a
 * preview works on demand with the controller's credentials: about 22 AWS read calls per stack out of the
 * throttling budget the reconcile loop shares, and a Git fetch under the clone lock that the loop's passes wait on.
 * Left open, anyone who reaches the port could slow reconciles down, run up API calls and read the desired state
 * of any unmerged branch. A CI job that posts previews holds a secret anyway. The token is checked here, on the
 * handler, rather than by path in {@link ApiAuthFilter}: no other spelling of the URL can reach the handler
 * without it.
 */
@RestController
class PreviewApi {

  static final MediaType MARKDOWN = MediaType.parseMediaType("text/markdown; charset=utf-8");

  private final ObjectProvider<PlanPreview> previews;
  private final DesiredStateSource source;
  private final ApiToken token;

  /** @param previews there when the controller reads Git ({@code reconciler.source.type=git}) */
  PreviewApi(ObjectProvider<PlanPreview> previews, DesiredStateSource source, ApiToken token) {
    this.previews = previews;
    this.source = source;
    this.token = token;
  }

  @GetMapping("/api/v1/preview")
  @Operation(summary = "Plan preview of a branch, tag, pull-request ref or commit of the controller's Git "
      + "repository against live AWS, read-only",
      description = "Reads the controller's desired-state folder at the ref (the branch the controller follows "
          + "stays as it is), validates every file and plans every valid stack with read calls only. Invalid files "
          + "are not planned and are listed as problems (file:line:column). Needs the bearer token: a preview "
          + "calls AWS and Git on demand.",
      security = @SecurityRequirement(name = "bearer"),
      responses = {
          @ApiResponse(responseCode = "200", description = "The plans, with the problems of invalid files",
              content = {@Content(mediaType = "text/markdown"), @Content(mediaType = "application/json")}),
          @ApiResponse(responseCode = "400", description = "No ref, not a valid ref name, an ambiguous commit id or "
              + "an unknown format", content = @Content(mediaType = "application/json")),
          @ApiResponse(responseCode = "401", description = "No valid bearer token",
              content = @Content(mediaType = "application/json")),
          @ApiResponse(responseCode = "404", description = "No branch, tag, ref or commit answers to the ref, or "
              + "the desired-state folder is not there at it", content = @Content(mediaType = "application/json")),
          @ApiResponse(responseCode = "409", description = "The controller does not read Git "
              + "(reconciler.source.type is not git)", content = @Content(mediaType = "application/json")),
          @ApiResponse(responseCode = "502", description = "The Git repository cannot be read",
              content = @Content(mediaType = "application/json"))})
  ResponseEntity<String> preview(
      @Parameter(description = "a branch (feature/x), a tag, a commit id (full or abbreviated, on any branch) or "
          + "a full ref name (refs/pull/7/head on GitHub, refs/merge-requests/7/head on GitLab)")
      @RequestParam(required = false) String ref,
      @Parameter(description = "markdown (default) or json")
      @RequestParam(defaultValue = "markdown") String format,
      @Parameter(hidden = true) @RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false)
      String authorization) {
    var refusal = token.refusal(authorization);
    if (refusal.isPresent()) {
      return ResponseEntity.status(HttpStatus.UNAUTHORIZED).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
          .contentType(MediaType.APPLICATION_JSON).body(json(refusal.get()));
    }
    var planner = previews.getIfAvailable();
    if (planner == null) {
      return respond(HttpStatus.CONFLICT, "previews read the controller's Git source, and this controller reads "
          + source.describe() + " (set reconciler.source.type=git)");
    }
    if (ref == null || ref.isBlank()) {
      return respond(HttpStatus.BAD_REQUEST, "ref is required: a branch, a tag, a commit id or a full ref name "
          + "such as refs/pull/7/head");
    }
    if (!format.equals("markdown") && !format.equals("json")) {
      return respond(HttpStatus.BAD_REQUEST, "format must be markdown or json, not " + format);
    }
    try {
      var preview = planner.of(ref);
      return format.equals("json")
          ? ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(PreviewJson.render(preview))
          : ResponseEntity.ok().contentType(MARKDOWN).body(PreviewMarkdown.render(preview));
    } catch (IllegalArgumentException e) {
      return respond(HttpStatus.BAD_REQUEST, e.getMessage());
    } catch (SourceNotFoundException e) {
      return respond(HttpStatus.NOT_FOUND, e.getMessage());
    } catch (SourceUnavailableException e) {
      return respond(HttpStatus.BAD_GATEWAY, e.getMessage());
    }
  }

  private static ResponseEntity<String> respond(HttpStatus status, String message) {
    return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(json(message));
  }

  private static String json(String error) {
    return JsonMapper.shared().writeValueAsString(Map.of("error", error));  // built on first use, not at start
  }
}

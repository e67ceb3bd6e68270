package io.ecsreconciler.api;

import io.ecsreconciler.app.ControllerProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Mutating API calls need {@code Authorization: Bearer <reconciler.api.token>}; reads stay open. Without a
 * configured token every mutating call is refused (fail closed). The Git webhook is authenticated by its HMAC
 * signature instead (see {@link WebhookApi}).
 */
@Component
class ApiAuthFilter extends OncePerRequestFilter {

  private final byte[] token;

  ApiAuthFilter(ControllerProperties properties) {
    var configured = properties.api().token();
    this.token = configured == null || configured.isBlank() ? null : configured.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  protected boolean shouldNotFilter(HttpServletRequest request) {
    var path = request.getRequestURI();
    return !path.startsWith("/api/") || "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())
        || path.equals("/api/v1/webhook/git");
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    var header = request.getHeader("Authorization");
    var presented = header != null && header.startsWith("Bearer ")
        ? header.substring("Bearer ".length()).getBytes(StandardCharsets.UTF_8) : null;
    if (token == null || presented == null || !MessageDigest.isEqual(token, presented)) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Bearer");
      response.setContentType("application/json");
      var why = token == null ? "no API token is configured (reconciler.api.token): mutating calls are disabled"
          : "a valid bearer token is required";
      response.getWriter().write("{\"error\":\"" + why + "\"}");
      return;
    }
    chain.doFilter(request, response);
  }
}

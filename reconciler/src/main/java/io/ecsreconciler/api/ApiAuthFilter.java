package io.ecsreconciler.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Mutating API calls need {@code Authorization: Bearer <reconciler.api.token>}; reads stay open. Without a
 * configured token every mutating call is refused (fail closed). The Git webhook is authenticated by its HMAC
 * signature instead (see {@link WebhookApi}). The preview, a GET that needs the token too, checks it itself (see
 * {@link PreviewApi}).
 */
@Component
class ApiAuthFilter extends OncePerRequestFilter {

  private final ApiToken token;

  ApiAuthFilter(ApiToken token) {
    this.token = token;
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
    var refusal = token.refusal(request.getHeader("Authorization"));
    if (refusal.isPresent()) {
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
      response.setHeader("WWW-Authenticate", "Bearer");
      response.setContentType("application/json");
      response.getWriter().write("{\"error\":\"" + refusal.get() + "\"}");
      return;
    }
    chain.doFilter(request, response);
  }
}

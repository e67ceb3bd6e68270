package io.ecsreconciler.loop;

import io.ecsreconciler.aws.ApiCallCounter;
import io.ecsreconciler.aws.AwsClients;
import io.ecsreconciler.aws.AwsSettings;
import java.net.URI;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * AWS clients per region, made once and shared by every pass (SDK clients are thread-safe and costly to build),
 * all counting into one {@link ApiCallCounter} that the metrics read.
 */
public final class RegionalClients implements AutoCloseable {

  private final ConcurrentHashMap<String, AwsClients> byRegion = new ConcurrentHashMap<>();
  private final ApiCallCounter counter = new ApiCallCounter();
  private final Optional<URI> endpoint;

  public RegionalClients(Optional<URI> endpoint) {
    this.endpoint = endpoint;
  }

  public AwsClients forRegion(String region) {
    return byRegion.computeIfAbsent(region, r -> {
      var settings = AwsSettings.forRegion(r);
      return AwsClients.create(endpoint.map(settings::withEndpoint).orElse(settings), counter);
    });
  }

  public ApiCallCounter counter() {
    return counter;
  }

  @Override
  public void close() {
    byRegion.values().forEach(AwsClients::close);
    byRegion.clear();
  }
}

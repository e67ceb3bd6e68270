package io.ecsreconciler.testing.faults;

import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Which faults {@link FaultProxy} injects and how often: a probability per request for each kind, and a seed.
 * At most one of throttling, 500, 503, reset and lost response hits a request; latency can come on top of a
 * forwarded one.
 *
 * <p>Reproducible: the draw for a request depends only on the seed, its operation and how many requests for
 * that operation came before it, not on which thread the proxy read it on. Two runs that make the same calls of
 * each operation in the same order get the same faults, whatever the interleaving of parallel calls.
 *
 * @param name        what the mix is called in reports
 * @param chances     probability per request of each kind ({@link Fault#LATENCY} included; not
 *                    {@link Fault#OUTAGE}, which the proxy is told of directly)
 * @param maxLatency  an added latency is uniform in [0, maxLatency]
 */
public record FaultMix(String name, Map<Fault, Double> chances, Duration maxLatency, long seed) {

  /** The faults that replace the answer; each request gets at most one of them. */
  private static final List<Fault> EXCLUSIVE = List.of(Fault.THROTTLING, Fault.SERVER_ERROR, Fault.UNAVAILABLE,
      Fault.RESET, Fault.LOST_RESPONSE);
  public static final long SEED = 20261125L;
  public static final FaultMix NONE = new FaultMix("none", Map.of(), Duration.ZERO, SEED);

  public FaultMix {
    var copy = Map.copyOf(chances);
    if (copy.containsKey(Fault.OUTAGE)) {
      throw new IllegalArgumentException("an outage is switched on the proxy, not drawn");
    }
    var exclusive = EXCLUSIVE.stream().mapToDouble(f -> copy.getOrDefault(f, 0.0)).sum();
    if (exclusive > 1.0 || copy.values().stream().anyMatch(p -> p < 0 || p > 1)) {
      throw new IllegalArgumentException("probabilities out of range: " + copy);
    }
    chances = copy;
  }

  /** One fault on its own. */
  public static FaultMix only(Fault fault, double chance) {
    return new FaultMix(fault.label() + " " + percent(chance), Map.of(fault, chance), Duration.ofMillis(300), SEED);
  }

  /**
   * Everything at once, as issue 9 asks: throttling on 20% of calls, 500/503 on 5% (half each), resets on 3%,
   * lost answers after AWS acted on 3%, and up to 300 ms of latency on 20%.
   */
  public static FaultMix mixed() {
    var chances = new EnumMap<Fault, Double>(Fault.class);
    chances.put(Fault.THROTTLING, 0.20);
    chances.put(Fault.SERVER_ERROR, 0.025);
    chances.put(Fault.UNAVAILABLE, 0.025);
    chances.put(Fault.RESET, 0.03);
    chances.put(Fault.LOST_RESPONSE, 0.03);
    chances.put(Fault.LATENCY, 0.20);
    return new FaultMix("mixed: throttling 20%, 500/503 5%, resets 3%, lost answers 3%, latency 20%", chances,
        Duration.ofMillis(300), SEED);
  }

  /**
   * Every fault at once at rates a CI run can afford: throttling on 5% of calls (at 20% the SDK's adaptive mode
   * slows its own calls to a crawl, minutes per pass), 500 and 503 on 2.5% each, resets 3%, lost answers 5%,
   * latency on 10%.
   */
  public static FaultMix sample() {
    var chances = new EnumMap<Fault, Double>(Fault.class);
    chances.put(Fault.THROTTLING, 0.05);
    chances.put(Fault.SERVER_ERROR, 0.025);
    chances.put(Fault.UNAVAILABLE, 0.025);
    chances.put(Fault.RESET, 0.03);
    chances.put(Fault.LOST_RESPONSE, 0.05);
    chances.put(Fault.LATENCY, 0.10);
    return new FaultMix("all, lighter: throttling 5%, 500/503 5%, resets 3%, lost answers 5%, latency 10%", chances,
        Duration.ofMillis(300), SEED);
  }

  public FaultMix withSeed(long seed) {
    return new FaultMix(name, chances, maxLatency, seed);
  }

  /** What happens to the {@code occurrence}-th request (from 0) for {@code call}'s operation. */
  Decision decide(AwsCall call, long occurrence) {
    var random = new SplittableRandom(seed * 1_000_003L + call.name().hashCode() * 7_919L + occurrence);
    var draw = random.nextDouble();
    Optional<Fault> fault = Optional.empty();
    var threshold = 0.0;
    for (var kind : EXCLUSIVE) {
      threshold += chances.getOrDefault(kind, 0.0);
      if (draw < threshold) {
        fault = Optional.of(kind);
        break;
      }
    }
    var delayed = random.nextDouble() < chances.getOrDefault(Fault.LATENCY, 0.0);
    var latency = delayed ? Duration.ofMillis(random.nextLong(maxLatency.toMillis() + 1)) : Duration.ZERO;
    return new Decision(fault, latency);
  }

  /** At most one fault replacing the answer, and a delay before anything is done (zero for none). */
  record Decision(Optional<Fault> fault, Duration latency) {}

  private static String percent(double chance) {
    return Math.round(chance * 100) + "%";
  }
}

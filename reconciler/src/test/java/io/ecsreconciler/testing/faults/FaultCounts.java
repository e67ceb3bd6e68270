package io.ecsreconciler.testing.faults;

import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What {@link FaultProxy} saw and did: requests per operation (every HTTP attempt, retries included), faults
 * injected by kind, and mutating calls forwarded to the emulator (those AWS acted on, lost answers included).
 * Thread-safe.
 */
public final class FaultCounts {

  private final ConcurrentHashMap<String, LongAdder> requests = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Fault, LongAdder> faults = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, LongAdder> forwardedMutations = new ConcurrentHashMap<>();

  void requested(AwsCall call) {
    add(requests, call.name());
  }

  void injected(Fault fault) {
    add(faults, fault);
  }

  void forwarded(AwsCall call) {
    if (call.mutating()) {
      add(forwardedMutations, call.name());
    }
  }

  /** Every request the proxy read, retries included. */
  public long requests() {
    return sum(requests);
  }

  /** Requests for one operation, e.g. {@code requests("ec2:CreateVpc")}. */
  public long requests(String call) {
    var count = requests.get(call);
    return count == null ? 0 : count.sum();
  }

  public long faults(Fault fault) {
    var count = faults.get(fault);
    return count == null ? 0 : count.sum();
  }

  /** Faults of every kind, latency included. */
  public long faults() {
    return sum(faults);
  }

  /** Mutating requests the emulator received (and so acted on, whatever became of the answer). */
  public long forwardedMutations() {
    return sum(forwardedMutations);
  }

  public Map<Fault, Long> faultsByKind() {
    var copy = new EnumMap<Fault, Long>(Fault.class);
    faults.forEach((fault, count) -> copy.put(fault, count.sum()));
    return copy;
  }

  /** Requests per {@code service:operation}, sorted. */
  public Map<String, Long> requestsByCall() {
    var copy = new TreeMap<String, Long>();
    requests.forEach((call, count) -> copy.put(call, count.sum()));
    return copy;
  }

  public void reset() {
    requests.clear();
    faults.clear();
    forwardedMutations.clear();
  }

  @Override
  public String toString() {
    return "FaultCounts{requests=" + requests() + ", faults=" + faultsByKind() + ", forwardedMutations="
        + forwardedMutations() + "}";
  }

  private static <K> void add(ConcurrentHashMap<K, LongAdder> map, K key) {
    map.computeIfAbsent(key, k -> new LongAdder()).increment();
  }

  private static long sum(ConcurrentHashMap<?, LongAdder> map) {
    return map.values().stream().mapToLong(LongAdder::sum).sum();
  }
}

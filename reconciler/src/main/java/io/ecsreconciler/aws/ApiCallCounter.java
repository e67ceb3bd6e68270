package io.ecsreconciler.aws;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import static java.util.Collections.unmodifiableSortedMap;

/**
 * Counts AWS API calls per service and operation, split into reads and mutations. Thread-safe.
 *
 * <p>What is counted: one per <em>operation call</em> made through a client carrying {@link #interceptor()},
 * whatever its outcome and however many times the SDK retried it (the count is taken in
 * {@code beforeExecution}, which the SDK runs once per call). HTTP attempts, retries included, are counted
 * separately in {@link #attempts()}. A call that the {@linkplain #beforeMutation mutation hook} aborts is not
 * counted: it never ran. STS calls made by a credentials provider to refresh credentials are not counted
 * (those clients carry no interceptor).
 */
public final class ApiCallCounter {

  /** One kind of call: the SDK's service name (e.g. {@code Ec2}, {@code Ecs}) and operation (e.g. {@code DescribeVpcs}). */
  public record Call(String service, String operation, boolean mutating) implements Comparable<Call> {
    private static final Comparator<Call> ORDER = Comparator.comparing(Call::service)
        .thenComparing(Call::operation)
        .thenComparing(Call::mutating);

    public Call {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(operation, "operation");
    }

    public static Call of(String service, String operation) {
      return new Call(service, operation, isMutating(operation));
    }

    @Override
    public int compareTo(Call other) {
      return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
      return service + ":" + operation + (mutating ? " (mutating)" : "");
    }
  }

  /** Invoked before every mutating call; throwing a {@link RuntimeException} aborts the call (crash tests). */
  @FunctionalInterface
  public interface MutationHook {
    void before(Call call);
  }

  /** Operation-name prefixes that only read. Everything else counts as mutating. */
  private static final List<String> READ_PREFIXES = List.of(
      "Describe", "List", "Get", "BatchGet", "BatchCheck", "Query", "Scan", "Search", "Lookup", "Head",
      "Filter", "Select", "Simulate");

  private final ConcurrentHashMap<Call, LongAdder> counts = new ConcurrentHashMap<>();
  private final LongAdder reads = new LongAdder();
  private final LongAdder mutations = new LongAdder();
  private final LongAdder attempts = new LongAdder();
  private volatile MutationHook mutationHook;
  private final ExecutionInterceptor interceptor = new CountingInterceptor();

  /** The interceptor to add to every client whose calls should be counted (and pass the mutation hook). */
  public ExecutionInterceptor interceptor() {
    return interceptor;
  }

  public long reads() {
    return reads.sum();
  }

  public long mutations() {
    return mutations.sum();
  }

  /** Operation calls, reads plus mutations. */
  public long total() {
    return reads() + mutations();
  }

  /** HTTP attempts, retries included (≥ {@link #total()} for calls that reached the transmit stage). */
  public long attempts() {
    return attempts.sum();
  }

  /** Calls per kind, sorted by service, operation; immutable. */
  public Map<Call, Long> snapshot() {
    TreeMap<Call, Long> copy = new TreeMap<>();
    counts.forEach((call, count) -> copy.put(call, count.sum()));
    return unmodifiableSortedMap(copy);
  }

  /** Calls of one operation, 0 when never called. */
  public long count(String service, String operation) {
    LongAdder count = counts.get(Call.of(service, operation));
    return count == null ? 0 : count.sum();
  }

  /** Forgets every count (the mutation hook stays). */
  public void reset() {
    counts.clear();
    reads.reset();
    mutations.reset();
    attempts.reset();
  }

  /**
   * Installs a hook called before every mutating call, replacing any earlier one; {@code null} removes it.
   * An exception the hook throws aborts the call before anything is sent and reaches the caller as it is
   * (not wrapped; SDK 2.57.8, see ApiCallCounterTest).
   */
  public void beforeMutation(MutationHook hook) {
    this.mutationHook = hook;
  }

  /**
   * Whether an operation changes anything: reads are {@code Describe*, List*, Get*, BatchGet*, BatchCheck*,
   * Query, Scan, Search*, Lookup*, Head*, Filter*, Select*, Simulate*} (prefix followed by an upper-case
   * letter or the end of the name); everything else (Create, Put, Modify, Delete, AssumeRole...) mutates.
   */
  public static boolean isMutating(String operation) {
    Objects.requireNonNull(operation, "operation");
    for (String prefix : READ_PREFIXES) {
      if (operation.startsWith(prefix)
          && (operation.length() == prefix.length() || Character.isUpperCase(operation.charAt(prefix.length())))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return "ApiCallCounter{reads=" + reads() + ", mutations=" + mutations() + ", attempts=" + attempts() + "}";
  }

  private final class CountingInterceptor implements ExecutionInterceptor {
    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
      Call call = Call.of(
          attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
          attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
      MutationHook hook = mutationHook;
      if (call.mutating() && hook != null) {
        hook.before(call);
      }
      counts.computeIfAbsent(call, c -> new LongAdder()).increment();
      (call.mutating() ? mutations : reads).increment();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
      attempts.increment();
    }
  }
}

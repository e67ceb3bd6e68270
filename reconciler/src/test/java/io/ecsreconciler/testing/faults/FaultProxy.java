package io.ecsreconciler.testing.faults;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP proxy on 127.0.0.1 between the reconciler's AWS clients (their endpoint override) and the emulator,
 * that injects faults per request as a {@link FaultMix} draws them: each service's own throttling error, 500 and
 * 503, connection resets, latency, and answers lost after the emulator acted. It can also play "AWS is down"
 * ({@link #outage}) and tell a test of every mutating call the emulator received before its answer goes back
 * ({@link #watchMutations}), which is where a crash test kills the process under test.
 *
 * <p>Every connection is served on a virtual thread of its own, request after request while the client keeps
 * it alive (the SDK does). What the proxy saw and did is in {@link #counts()}.
 */
public final class FaultProxy implements AutoCloseable {

  /** Told of each mutating call the emulator received, before the answer goes back. */
  @FunctionalInterface
  public interface MutationWatcher {
    /**
     * @param number how many mutating calls the emulator has received since this watcher was installed, this one
     *               included (from 1)
     * @return whether to answer; false resets the connection instead (the answer is lost)
     */
    boolean forwarded(AwsCall call, long number);
  }

  private static final MutationWatcher ANSWER_ALL = (call, number) -> true;
  private static final Set<String> HOP_BY_HOP = Set.of("host", "connection", "content-length", "expect", "upgrade",
      "transfer-encoding", "keep-alive", "proxy-connection", "te", "trailer");
  private static final int JOURNAL_SIZE = 2_000;

  private final ServerSocket server;
  private final URI target;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  private final FaultCounts counts = new FaultCounts();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final ConcurrentHashMap<String, AtomicLong> occurrences = new ConcurrentHashMap<>();
  private final AtomicLong mutationsForwarded = new AtomicLong();
  private final ConcurrentLinkedDeque<String> journal = new ConcurrentLinkedDeque<>();
  private volatile FaultMix mix = FaultMix.NONE;
  private volatile boolean outage;
  private volatile MutationWatcher watcher = ANSWER_ALL;

  private FaultProxy(ServerSocket server, URI target) {
    this.server = server;
    this.target = target;
  }

  /** A proxy to {@code target} (the emulator's endpoint) on a free loopback port, injecting nothing yet. */
  public static FaultProxy start(URI target) {
    try {
      var server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
      var proxy = new FaultProxy(server, target);
      Thread.ofPlatform().daemon().name("fault-proxy-" + server.getLocalPort()).start(proxy::acceptLoop);
      return proxy;
    } catch (IOException e) {
      throw new UncheckedIOException("could not open the fault proxy's port", e);
    }
  }

  /** The endpoint to give the reconciler's clients. */
  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  public FaultCounts counts() {
    return counts;
  }

  /** Injects this mix from now on; the draws start over, so each scenario is reproducible on its own. */
  public void mix(FaultMix mix) {
    occurrences.clear();
    this.mix = mix;
  }

  public FaultMix mix() {
    return mix;
  }

  /** While on, every request is answered by a connection reset and counted as {@link Fault#OUTAGE}. */
  public void outage(boolean on) {
    this.outage = on;
  }

  /**
   * Replaces the watcher of mutating calls ({@code null} answers every call again); the calls it is told of are
   * numbered from 1 from now on.
   */
  public void watchMutations(MutationWatcher watcher) {
    mutationsForwarded.set(0);
    this.watcher = watcher == null ? ANSWER_ALL : watcher;
  }

  /** The latest faults injected, oldest first, as "ec2:CreateVpc: response lost after AWS acted". */
  public List<String> journal() {
    return List.copyOf(journal);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing anyway
    }
    for (var socket : new ArrayList<>(open)) {
      closeQuietly(socket);
    }
    http.close();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        var socket = server.accept();
        open.add(socket);
        Thread.ofVirtual().name("fault-proxy-connection").start(() -> serve(socket));
      } catch (IOException e) {
        if (!server.isClosed()) {
          journal("accept failed: " + e);
        }
      }
    }
  }

  private void serve(Socket socket) {
    try {
      var in = new BufferedInputStream(socket.getInputStream());
      var out = new BufferedOutputStream(socket.getOutputStream());
      while (true) {
        var request = RawHttp.read(in, out);
        if (request.isEmpty()) {
          return;
        }
        var answer = handle(request.get());
        if (answer.isEmpty()) {
          reset(socket);
          return;
        }
        var keepAlive = request.get().keepAlive();
        RawHttp.write(out, answer.get(), keepAlive);
        if (!keepAlive) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away (or was killed): nothing left to answer
    } finally {
      open.remove(socket);
      closeQuietly(socket);
    }
  }

  /** The answer to send, or empty to reset the connection instead. */
  private Optional<RawHttp.Response> handle(RawHttp.Request request) throws IOException {
    var call = AwsCall.of(request);
    counts.requested(call);
    if (outage) {
      return inject(call, Fault.OUTAGE, Optional.empty());
    }
    var decision = mix.decide(call, occurrences.computeIfAbsent(call.name(), k -> new AtomicLong()).getAndIncrement());
    if (!decision.latency().isZero()) {
      counts.injected(Fault.LATENCY);
      sleep(decision.latency());
    }
    if (decision.fault().isPresent()) {
      return switch (decision.fault().get()) {
        case THROTTLING -> inject(call, Fault.THROTTLING, Optional.of(AwsErrors.throttling(call)));
        case SERVER_ERROR -> inject(call, Fault.SERVER_ERROR, Optional.of(AwsErrors.serverError(call, 500)));
        case UNAVAILABLE -> inject(call, Fault.UNAVAILABLE, Optional.of(AwsErrors.serverError(call, 503)));
        case RESET -> inject(call, Fault.RESET, Optional.empty());
        case LOST_RESPONSE -> {
          forward(call, request);
          yield inject(call, Fault.LOST_RESPONSE, Optional.empty());
        }
        case LATENCY, OUTAGE -> throw new IllegalStateException("not drawn: " + decision.fault().get());
      };
    }
    var response = forward(call, request);
    return response;
  }

  /** Forwards to the emulator; a mutating call is shown to the watcher, which may drop its answer. */
  private Optional<RawHttp.Response> forward(AwsCall call, RawHttp.Request request) throws IOException {
    var builder = HttpRequest.newBuilder(URI.create(target.toString().replaceAll("/$", "") + request.target()))
        .timeout(Duration.ofSeconds(60))
        .method(request.method(), HttpRequest.BodyPublishers.ofByteArray(request.body()));
    for (var header : request.headers()) {
      if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        builder.header(header.getKey(), header.getValue());
      }
    }
    HttpResponse<byte[]> response;
    try {
      response = http.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while forwarding " + call.name(), e);
    } catch (IOException e) {
      journal(call.name() + ": the emulator did not answer: " + e);
      return Optional.empty(); // as the client would see an unreachable AWS: no answer
    }
    counts.forwarded(call);
    if (call.mutating() && !watcher.forwarded(call, mutationsForwarded.incrementAndGet())) {
      journal(call.name() + ": answer dropped by the mutation watcher");
      return Optional.empty();
    }
    var headers = new ArrayList<Map.Entry<String, String>>();
    response.headers().map().forEach((name, values) -> {
      if (!name.startsWith(":") && !HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
        values.forEach(value -> headers.add(Map.entry(name, value)));
      }
    });
    return Optional.of(new RawHttp.Response(response.statusCode(), headers, response.body()));
  }

  private Optional<RawHttp.Response> inject(AwsCall call, Fault fault, Optional<RawHttp.Response> answer) {
    counts.injected(fault);
    journal(call.name() + ": " + fault.label());
    return answer;
  }

  /** SO_LINGER 0 makes close() send RST: the client sees "connection reset", not an orderly end. */
  private static void reset(Socket socket) {
    try {
      socket.setSoLinger(true, 0);
    } catch (SocketException ignored) {
      // already closed
    }
    closeQuietly(socket);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // nothing to do
    }
  }

  private void journal(String entry) {
    journal.addLast(entry);
    while (journal.size() > JOURNAL_SIZE) {
      journal.pollFirst();
    }
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while adding latency", e);
    }
  }

  @Override
  public String toString() {
    return "FaultProxy{" + uri() + " -> " + target + ", mix=" + mix.name() + ", " + counts + "}";
  }
}

package io.ecsreconciler.testing.faults;

/** What {@link FaultProxy} can do to one request instead of (or on top of) forwarding it. */
public enum Fault {
  /** The service's own throttling error, as its protocol sends it (see {@link AwsErrors#throttling}). */
  THROTTLING("throttling"),
  /** HTTP 500 with the service's internal-error body; the request never reaches the emulator. */
  SERVER_ERROR("500 internal error"),
  /** HTTP 503 with the service's unavailable body; the request never reaches the emulator. */
  UNAVAILABLE("503 unavailable"),
  /** The connection is reset once the request is read: no answer, nothing done. */
  RESET("connection reset"),
  /** The request is held for a while, then forwarded and answered as usual. */
  LATENCY("added latency"),
  /** Forwarded, so the emulator acts, then the connection is reset: the answer is lost after AWS acted. */
  LOST_RESPONSE("response lost after AWS acted"),
  /** "AWS is down": every request is answered by a reset while the outage lasts. */
  OUTAGE("outage (reset)");

  private final String label;

  Fault(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}

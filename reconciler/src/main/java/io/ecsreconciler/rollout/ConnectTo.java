package io.ecsreconciler.rollout;

import java.util.Optional;

/**
 * Sends requests for one host and port to another, like curl's {@code --connect-to HOST1:PORT1:HOST2:PORT2}
 * (an empty HOST1 or PORT1 matches any). For emulators only: their load balancers have DNS names that resolve
 * nowhere, so the post-deploy check is pointed at a local {@code hello} instead.
 */
public record ConnectTo(String fromHost, Optional<Integer> fromPort, String toHost, int toPort) {

  /** Parses {@code HOST1:PORT1:HOST2:PORT2}; an error names what is wrong. */
  public static ConnectTo parse(String text) {
    var parts = text.split(":", -1);
    if (parts.length != 4 || parts[2].isEmpty() || parts[3].isEmpty()) {
      throw new IllegalArgumentException("connect-to must be HOST1:PORT1:HOST2:PORT2 (HOST1 and PORT1 may be "
          + "empty for any), not \"" + text + "\"");
    }
    try {
      return new ConnectTo(parts[0], parts[1].isEmpty() ? Optional.empty() : Optional.of(port(parts[1])), parts[2],
          port(parts[3]));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("connect-to ports must be numbers 1-65535, not \"" + text + "\"");
    }
  }

  private static int port(String text) {
    int port = Integer.parseInt(text);
    if (port < 1 || port > 65535) {
      throw new NumberFormatException(text);
    }
    return port;
  }

  boolean matches(String host, int port) {
    return (fromHost.isEmpty() || fromHost.equalsIgnoreCase(host)) && fromPort.map(p -> p == port).orElse(true);
  }
}

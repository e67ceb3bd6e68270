package io.ecsreconciler.resource.securitygrouprules;

/**
 * One permission of a security group, in one direction.
 *
 * @param protocol {@code tcp}, {@code udp}, {@code icmp} or {@code -1} (all)
 * @param peer     a CIDR, a security group id ({@code sg-…}) or a prefix list id ({@code pl-…})
 */
public record Rule(String protocol, int fromPort, int toPort, String peer) implements Comparable<Rule> {

  @Override
  public int compareTo(Rule other) {
    return toString().compareTo(other.toString());
  }

  @Override
  public String toString() {
    var ports = fromPort == toPort ? String.valueOf(fromPort) : fromPort + "-" + toPort;
    return ("-1".equals(protocol) ? "all" : ports + "/" + protocol) + " " + peer;
  }
}

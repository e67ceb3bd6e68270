package io.ecsreconciler.desired;

import java.util.Optional;

/** An IPv4 CIDR block, enough arithmetic for containment and overlap checks. */
record Cidr(long network, int prefix) {

  /** Parses {@code a.b.c.d/n}; empty when the text is not a well-formed IPv4 CIDR. */
  static Optional<Cidr> parse(String text) {
    var slash = text.indexOf('/');
    if (slash < 0) {
      return Optional.empty();
    }
    var octets = text.substring(0, slash).split("\\.", -1);
    if (octets.length != 4) {
      return Optional.empty();
    }
    try {
      long address = 0;
      for (var octet : octets) {
        int value = Integer.parseInt(octet);
        if (value < 0 || value > 255) {
          return Optional.empty();
        }
        address = (address << 8) | value;
      }
      int prefix = Integer.parseInt(text.substring(slash + 1));
      return prefix < 0 || prefix > 32 ? Optional.empty() : Optional.of(new Cidr(address, prefix));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private long mask() {
    return prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
  }

  /** True when no host bits are set: AWS rejects {@code 10.20.0.1/16}. */
  boolean isNetworkAddress() {
    return (network & ~mask() & 0xFFFFFFFFL) == 0;
  }

  Cidr canonical() {
    return new Cidr(network & mask(), prefix);
  }

  boolean contains(Cidr other) {
    return other.prefix >= prefix && (other.network & mask()) == (network & mask());
  }

  boolean overlaps(Cidr other) {
    return contains(other) || other.contains(this);
  }

  @Override
  public String toString() {
    return ((network >> 24) & 255) + "." + ((network >> 16) & 255) + "." + ((network >> 8) & 255) + "."
        + (network & 255) + "/" + prefix;
  }
}

package io.ecsreconciler.desired;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

  private static Cidr cidr(String text) {
    return Cidr.parse(text).orElseThrow(() -> new AssertionError("not a CIDR: " + text));
  }

  @Nested
  class Parsing {

    @Test
    void readsTheAddressAsAnUnsigned32BitNumberAndThePrefix() {
      assertThat(cidr("10.20.0.0/16")).isEqualTo(new Cidr((10L << 24) | (20L << 16), 16));
      assertThat(cidr("255.255.255.255/32")).isEqualTo(new Cidr(0xFFFFFFFFL, 32));
      assertThat(cidr("0.0.0.0/0")).isEqualTo(new Cidr(0, 0));
    }

    @Test
    void printsBackTheTextItWasReadFrom() {
      assertThat(cidr("10.20.0.0/16")).hasToString("10.20.0.0/16");
      assertThat(cidr("192.168.1.7/24")).hasToString("192.168.1.7/24");
      assertThat(cidr("255.255.255.255/32")).hasToString("255.255.255.255/32");
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "10.20.0.0", "10.20.0/16", "10.20.0.0.0/16", "10.20.0.256/16", "10.20.0.0/33",
        "10.20.0.0/", "/16", "10.20..0/16", "ten.20.0.0/16", "10.20.0.0/sixteen", "10.20.0.0/16/1", "::1/128"})
    void refusesWhatIsNotAnIpv4Cidr(String text) {
      assertThat(Cidr.parse(text)).isEmpty();
    }
  }

  @Nested
  class HostBits {

    @Test
    void aBlockWithoutHostBitsIsANetworkAddress() {
      assertThat(cidr("10.20.0.0/16").isNetworkAddress()).isTrue();
      assertThat(cidr("10.20.1.128/25").isNetworkAddress()).isTrue();
      assertThat(cidr("0.0.0.0/0").isNetworkAddress()).isTrue();
      assertThat(cidr("10.20.0.1/32").isNetworkAddress()).isTrue();
    }

    @Test
    void aBlockWithHostBitsIsNotAndItsCanonicalFormClearsThem() {
      var block = cidr("10.20.3.7/16");

      assertThat(block.isNetworkAddress()).isFalse();
      assertThat(block.canonical()).hasToString("10.20.0.0/16");
      assertThat(cidr("1.2.3.4/0").canonical()).hasToString("0.0.0.0/0");
      assertThat(cidr("10.20.1.129/25").canonical()).hasToString("10.20.1.128/25");
    }
  }

  @Nested
  class ContainmentAndOverlap {

    @Test
    void aVpcContainsItsSubnetsAndItself() {
      var vpc = cidr("10.20.0.0/16");

      assertThat(vpc.contains(cidr("10.20.0.0/24"))).isTrue();
      assertThat(vpc.contains(cidr("10.20.255.0/24"))).isTrue();
      assertThat(vpc.contains(vpc)).isTrue();
    }

    @Test
    void aVpcDoesNotContainBlocksOutsideItOrLargerThanIt() {
      var vpc = cidr("10.20.0.0/16");

      assertThat(vpc.contains(cidr("10.21.0.0/24"))).isFalse();
      assertThat(vpc.contains(cidr("10.20.0.0/15"))).isFalse();
      assertThat(cidr("10.20.0.0/24").contains(vpc)).isFalse();
    }

    @Test
    void blocksOverlapWhenOneContainsTheOtherInEitherOrder() {
      var big = cidr("10.20.0.0/23");
      var small = cidr("10.20.1.0/24");

      assertThat(big.overlaps(small)).isTrue();
      assertThat(small.overlaps(big)).isTrue();
      assertThat(small.overlaps(small)).isTrue();
    }

    @Test
    void adjacentBlocksDoNotOverlap() {
      assertThat(cidr("10.20.0.0/24").overlaps(cidr("10.20.1.0/24"))).isFalse();
      assertThat(cidr("10.20.0.0/25").overlaps(cidr("10.20.0.128/25"))).isFalse();
    }

    @Test
    void slashZeroContainsEveryAddress() {
      var everything = cidr("0.0.0.0/0");

      assertThat(everything.contains(cidr("255.255.255.255/32"))).isTrue();
      assertThat(everything.contains(cidr("0.0.0.0/32"))).isTrue();
      assertThat(everything.contains(cidr("10.0.0.0/8"))).isTrue();
      assertThat(cidr("10.0.0.0/8").overlaps(everything)).isTrue();
    }

    @Test
    void slashThirtyTwoContainsOnlyItsOwnAddress() {
      var host = cidr("10.20.0.1/32");

      assertThat(host.contains(cidr("10.20.0.1/32"))).isTrue();
      assertThat(host.contains(cidr("10.20.0.0/32"))).isFalse();
      assertThat(host.contains(cidr("10.20.0.0/31"))).isFalse();
      assertThat(cidr("10.20.0.0/31").contains(host)).isTrue();
      assertThat(cidr("255.255.255.255/32").overlaps(cidr("255.255.255.254/31"))).isTrue();
    }
  }
}

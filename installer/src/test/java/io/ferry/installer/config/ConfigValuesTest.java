package io.ferry.installer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigValuesTest {
  @Test
  void validDnsNames() {
    for (String ok : new String[] {"acd", "acd.customer.example", "ACD.Customer.Example", "a-1.b2.example",
        "xn--bcher-kva.example", "10.0.0.5", "a".repeat(63) + ".example"}) {
      assertEquals(Optional.empty(), ConfigValues.dnsName(ok), ok);
    }
  }

  @Test
  void invalidDnsNamesSayWhatToWrite() {
    assertEquals("'https://acd.example/' is not a valid DNS name: write the host name only, without https:// or a"
        + " path", ConfigValues.dnsName("https://acd.example/").orElseThrow());
    assertEquals("'acd.example:443' is not a valid DNS name: write the host name only; ports go under network.ports",
        ConfigValues.dnsName("acd.example:443").orElseThrow());
    assertEquals("'acd.example.' is not a valid DNS name: write it without the trailing dot: acd.example",
        ConfigValues.dnsName("acd.example.").orElseThrow());
    assertEquals("'my_host' is not a valid DNS name: '_' is not allowed in host names; use '-' instead (my-host)",
        ConfigValues.dnsName("my_host").orElseThrow());
    assertTrue(ConfigValues.dnsName("-acd.example").orElseThrow().contains("may not begin or end with '-'"));
    assertTrue(ConfigValues.dnsName("a..example").orElseThrow().contains("empty part"));
    assertTrue(ConfigValues.dnsName("a".repeat(64) + ".example").orElseThrow().contains("longer than 63"));
    assertTrue(ConfigValues.dnsName("b\u00fccher.example").orElseThrow().contains("xn--"));
    assertTrue(ConfigValues.dnsName("*.example").orElseThrow().contains("wildcards"));
    assertTrue(ConfigValues.dnsName("a.example b.example").orElseThrow().contains("separate items"));
    assertTrue(ConfigValues.dnsName("").orElseThrow().contains("empty"));
    assertTrue(ConfigValues.dnsName(("abcdefghi.").repeat(26) + "x").orElseThrow().contains("253"));
  }

  @Test
  void ports() {
    assertEquals(Optional.empty(), ConfigValues.port(1));
    assertEquals(Optional.empty(), ConfigValues.port(65535));
    assertEquals("0 is not a port number: use a whole number from 1 to 65535, e.g. 443",
        ConfigValues.port(0).orElseThrow());
    assertTrue(ConfigValues.port(65536).isPresent());
  }

  @Test
  void ipv4() {
    assertTrue(ConfigValues.isIpv4("0.0.0.0"));
    assertTrue(ConfigValues.isIpv4("255.255.255.255"));
    assertFalse(ConfigValues.isIpv4("256.1.1.1"));
    assertFalse(ConfigValues.isIpv4("010.1.1.1"));
    assertFalse(ConfigValues.isIpv4("1.1.1"));
    assertFalse(ConfigValues.isIpv4("1.1.1.1.1"));
    assertFalse(ConfigValues.isIpv4("a.b.c.d"));
  }

  @Test
  void ipv6() {
    for (String ok : new String[] {"::", "::1", "fe80::1", "2001:db8::8a2e:370:7334",
        "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.1", "1::", "1:2:3:4:5:6:7::"}) {
      assertTrue(ConfigValues.isIpv6(ok), ok);
    }
    for (String bad : new String[] {"", ":", ":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7",
        "g::1", "::1.2.3", "1.2.3.4::", "fe80::1%eth0", "[::1]"}) {
      assertFalse(ConfigValues.isIpv6(bad), bad);
    }
  }

  @Test
  void bindAddresses() {
    assertEquals(Optional.empty(), ConfigValues.bindAddress("0.0.0.0"));
    assertEquals(Optional.empty(), ConfigValues.bindAddress("::"));
    assertEquals("'[::1]' is not an IP address: write it without brackets: ::1",
        ConfigValues.bindAddress("[::1]").orElseThrow());
    assertEquals("'localhost' is not an IP address: write 127.0.0.1 instead",
        ConfigValues.bindAddress("localhost").orElseThrow());
    assertTrue(ConfigValues.bindAddress("192.168.1.300").orElseThrow().contains("four numbers from 0 to 255"));
    assertTrue(ConfigValues.bindAddress("host.example").orElseThrow().contains("not a host name"));
  }

  @Test
  void names() {
    assertEquals(Optional.empty(), ConfigValues.variableName("SMTP_RELAY"));
    assertTrue(ConfigValues.variableName("SMTP-RELAY").isPresent());
    assertEquals(Optional.empty(), ConfigValues.profileName("reports"));
    assertTrue(ConfigValues.profileName("Reports").isPresent());
    assertEquals(Optional.empty(), ConfigValues.release("2024.06-hotfix1"));
    assertTrue(ConfigValues.release("-1").isPresent());
    assertEquals(Optional.empty(), ConfigValues.stackName("acd-demo"));
    assertTrue(ConfigValues.stackName("ACD").isPresent());
  }
}

package io.ferry.installer.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.stack.StackDescriptor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CustomerConfigTest {
  static final String EXAMPLE = """
      # Ferry customer configuration
      stack: acd-demo                # must match the bundle's stack
      release: 1.0.1
      sizing: medium
      profiles: [reports]
      dns_names: [acd.customer.example, acd]
      network:
        bind_address: 0.0.0.0
        ports: {https: 443}
      environment: {SMTP_RELAY: mail.customer.example}
      tls: {certificate: /etc/ssl/acd/tls.crt, key: /etc/ssl/acd/tls.key}
      data:
        source: vanilla
      state_dir: /var/lib/ferry
      """;

  @TempDir Path dir;
  Path file;

  @BeforeEach
  void setUp() {
    file = dir.resolve("customer.yaml");
  }

  CustomerConfig read(String yaml) throws Exception {
    return new ConfigFile(file).read(yaml);
  }

  String failure(String yaml) throws Exception {
    return new ConfigFile(file).failure(yaml);
  }

  static StackDescriptor sample() throws Exception {
    return StackDescriptor.parse(Files.readAllBytes(Path.of("../samples/acd-demo/stack.yaml")), "stack.yaml");
  }

  CustomerConfig full() throws Exception {
    Path cert = Files.writeString(dir.resolve("tls.crt"), "cert");
    Path key = Files.writeString(dir.resolve("tls.key"), "key");
    Map<String, String> env = new LinkedHashMap<>();
    env.put("SMTP_RELAY", "mail.customer.example");
    env.put("GREETING", "it's \"quoted\" # not a comment");
    env.put("EMPTY", "");
    env.put("NUMBERISH", "1.10");
    env.put("BOOLISH", "no");
    return new CustomerConfig(file, "acd-demo", "1.0.1", "medium", List.of("reports"),
        List.of("acd.customer.example", "acd"), "0.0.0.0", Map.of("https", 443), env, cert, key, null, "vanilla",
        null, Path.of("/var/lib/ferry"));
  }

  @Test
  void readsTheDocumentedExample() throws Exception {
    CustomerConfig c = read(EXAMPLE);
    assertEquals(file, c.file());
    assertEquals("acd-demo", c.stack());
    assertEquals("1.0.1", c.release());
    assertEquals("medium", c.sizing());
    assertEquals(List.of("reports"), c.profiles());
    assertEquals(List.of("acd.customer.example", "acd"), c.dnsNames());
    assertEquals("acd.customer.example", c.primaryDnsName());
    assertEquals("0.0.0.0", c.bindAddress());
    assertEquals(Map.of("https", 443), c.ports());
    assertEquals(Map.of("SMTP_RELAY", "mail.customer.example"), c.environment());
    assertEquals(Path.of("/etc/ssl/acd/tls.crt"), c.tlsCertificate());
    assertEquals(Path.of("/etc/ssl/acd/tls.key"), c.tlsKey());
    assertEquals("vanilla", c.dataSource());
    assertEquals(Path.of("/var/lib/ferry"), c.stateDir());
  }

  @Test
  void onlyStackIsRequired() throws Exception {
    CustomerConfig c = read("stack: acd-demo\n");
    assertEquals(CustomerConfig.defaultsFor("acd-demo"), new CustomerConfig(null, c.stack(), c.release(), c.sizing(),
        c.profiles(), c.dnsNames(), c.bindAddress(), c.ports(), c.environment(), c.tlsCertificate(), c.tlsKey(),
        c.backup(), c.dataSource(), c.dataSnapshot(), c.stateDir()));
    assertEquals(Path.of("/var/lib/ferry"), c.stateDirOrDefault());
    assertNull(c.primaryDnsName());
  }

  @Test
  void typoNamesFileLineAndSuggestion() throws Exception {
    String m = failure("stack: acd-demo\nrelease: 1.0.1\n\n# the size\n\n\nsizng: medium\n");
    assertEquals(file + " line 7: unknown key 'sizng' (did you mean 'sizing'? known: stack, release, sizing,"
        + " profiles, dns_names, network, environment, tls, backup, data, state_dir)", m);
  }

  @Test
  void typoInANestedKey() throws Exception {
    assertEquals(file + " line 3: unknown key 'port' in 'network' (did you mean 'ports'? known: bind_address,"
        + " ports)", failure("stack: acd-demo\nnetwork:\n  port: {https: 443}\n"));
    assertEquals(file + " line 2: unknown key 'sauce' in 'data' (did you mean 'source'? known: source, snapshot)",
        failure("stack: acd-demo\ndata: {sauce: vanilla}\n"));
  }

  @Test
  void aKeyFarFromAnyKnownOneGetsNoSuggestion() throws Exception {
    assertTrue(failure("stack: acd-demo\nfoo: bar\n").startsWith(file + " line 2: unknown key 'foo' (known: stack,"));
  }

  @Test
  void missingStack() throws Exception {
    assertEquals(file + ": required key 'stack' is missing; set it to the stack's name as the bundle shows it, e.g."
        + " acd-demo", failure("sizing: medium\n"));
    assertTrue(failure("stack:\nsizing: medium\n").startsWith(file + " line 1: 'stack' has no value"));
  }

  @Test
  void wrongTypes() throws Exception {
    assertEquals(file + " line 2: network.ports.https must be a whole number (found: four-four-three)",
        failure("stack: acd-demo\nnetwork: {ports: {https: four-four-three}}\n"));
    assertEquals(file + " line 2: network.ports.https must be a whole number from 1 to 65535 (found: 0)",
        failure("stack: acd-demo\nnetwork: {ports: {https: 0}}\n"));
    assertEquals(file + " line 2: sizing must be the name of a sizing profile, e.g. medium, not a list",
        failure("stack: acd-demo\nsizing: [medium]\n"));
    assertEquals(file + " line 2: profiles must be a list of compose profiles, e.g. [reports], not a mapping",
        failure("stack: acd-demo\nprofiles: {reports: true}\n"));
    assertEquals(file + " line 2: environment must be a mapping of variable names to values, not a list",
        failure("stack: acd-demo\nenvironment: [A=1]\n"));
  }

  @Test
  void aSingleNameIsAListOfOne() throws Exception {
    assertEquals(List.of("acd.customer.example"), read("stack: acd-demo\ndns_names: acd.customer.example\n").dnsNames());
    assertEquals(List.of("reports"), read("stack: acd-demo\nprofiles: reports\n").profiles());
  }

  @Test
  void valuesAreChecked() throws Exception {
    assertEquals(file + " line 2: dns_names: 'acd_1.example' is not a valid DNS name: '_' is not allowed in host"
        + " names; use '-' instead (acd-1.example)", failure("stack: acd-demo\ndns_names: [acd_1.example]\n"));
    assertEquals(file + " line 3: network.bind_address: 'localhost' is not an IP address: write 127.0.0.1 instead",
        failure("stack: acd-demo\nnetwork:\n  bind_address: localhost\n"));
    assertEquals(file + " line 2: profiles: 'Reports' is not a compose profile name: use only a-z, 0-9, '_' and '-',"
        + " e.g. reports", failure("stack: acd-demo\nprofiles: [Reports]\n"));
    assertTrue(failure("stack: acd-demo\nrelease: 1.0 beta\n").startsWith(file + " line 2: release: '1.0 beta' is"
        + " not a release"));
    assertEquals(file + " line 2: data.source: 'share' is not a data source this Ferry knows; write one of: vanilla,"
        + " backup",
        failure("stack: acd-demo\ndata: {source: share}\n"));
  }

  @Test
  void environmentIsChecked() throws Exception {
    assertEquals(file + " line 3: environment.FERRY_RELEASE: FERRY_RELEASE is set by Ferry to the bundle's release;"
        + " use 'release' to pin a release", failure("stack: acd-demo\nenvironment:\n  FERRY_RELEASE: 2.0\n"));
    assertTrue(failure("stack: acd-demo\nenvironment:\n  1ST: x\n")
        .startsWith(file + " line 3: environment.1ST: '1ST' is not a variable name"));
    assertTrue(failure("stack: acd-demo\nenvironment:\n  MOTD: \"two\\nlines\"\n")
        .startsWith(file + " line 3: environment.MOTD: the value has a line break"));
    assertEquals(file + " line 3: environment.EMPTY has no value; write EMPTY: \"\" for an empty one",
        failure("stack: acd-demo\nenvironment:\n  EMPTY:\n"));
  }

  @Test
  void tlsNeedsBothFiles() throws Exception {
    assertEquals(file + " line 2: required key 'tls.key' is missing; give both the certificate and its private key"
        + " (PEM files), or remove 'tls' to keep the stack's own certificate",
        failure("stack: acd-demo\ntls: {certificate: /etc/ssl/acd/tls.crt}\n"));
  }

  @Test
  void relativePathsAreRelativeToTheFile() throws Exception {
    CustomerConfig c = read("stack: acd-demo\ntls: {certificate: certs/tls.crt, key: ./certs/../certs/tls.key}\n"
        + "state_dir: state\n");
    assertEquals(dir.resolve("certs/tls.crt"), c.tlsCertificate());
    assertEquals(dir.resolve("certs/tls.key"), c.tlsKey());
    assertEquals(dir.resolve("state"), c.stateDirOrDefault());
  }

  @Test
  void missingFileSaysSo() {
    ConfigException e = assertThrows(ConfigException.class, () -> CustomerConfig.read(dir.resolve("nope.yaml")));
    assertEquals(dir.resolve("nope.yaml") + ": no such file; check the path given to --config", e.getMessage());
  }

  @Test
  void writeThenReadGivesTheSameConfig() throws Exception {
    CustomerConfig x = full();
    x.write(file);
    assertEquals(x, CustomerConfig.read(file));
    String text = Files.readString(file);
    assertTrue(text.startsWith("# Ferry customer configuration"), text);
    assertTrue(text.contains("\n# DNS names of this host"), text);
    assertTrue(text.contains("  NUMBERISH: \"1.10\"\n") && text.contains("  BOOLISH: \"no\"\n"), text);
  }

  @Test
  void writeThenReadOfTheDefaults() throws Exception {
    CustomerConfig x = new CustomerConfig(file, "acd-demo", null, null, List.of(), List.of(), null, Map.of(), Map.of(),
        null, null, null, "vanilla", null, null);
    x.write(file);
    assertEquals(x, CustomerConfig.read(file));
    String text = Files.readString(file);
    assertTrue(text.contains("\n#release:               # not set: any release\n"), text);
    assertTrue(text.contains("\n#state_dir:             # not set: /var/lib/ferry\n"), text);
  }

  @Test
  void writeThenReadOfTheExample() throws Exception {
    CustomerConfig x = read(EXAMPLE);
    Path copy = dir.resolve("copy.yaml");
    x.write(copy);
    CustomerConfig y = CustomerConfig.read(copy);
    assertEquals(x, new CustomerConfig(file, y.stack(), y.release(), y.sizing(), y.profiles(), y.dnsNames(),
        y.bindAddress(), y.ports(), y.environment(), y.tlsCertificate(), y.tlsKey(), y.backup(), y.dataSource(),
        y.dataSnapshot(), y.stateDir()));
  }

  @Test
  void writingIsCanonicalAtomicAndPrivate() throws Exception {
    CustomerConfig x = full();
    Files.writeString(file, "old content");
    x.write(file);
    byte[] first = Files.readAllBytes(file);
    x.write(file);
    assertArrayEquals(first, Files.readAllBytes(file), "the same config writes the same bytes");
    assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    try (Stream<Path> files = Files.list(dir)) {
      assertEquals(List.of("customer.yaml", "tls.crt", "tls.key"),
          files.map(p -> p.getFileName().toString()).sorted().toList(), "no temporary file is left");
    }
    assertEquals(new String(first, StandardCharsets.UTF_8), x.toYaml());
  }

  @Test
  void validatesAgainstTheSample() throws Exception {
    CustomerConfig x = full();
    assertSame(x, x.validateAgainst(sample()));
    CustomerConfig defaults = CustomerConfig.defaultsFor("acd-demo");
    assertEquals("small", defaults.validateAgainst(sample()).sizing(), "sizing resolves to the stack's default");
  }

  @Test
  void validationReportsEveryProblem() throws Exception {
    Map<String, Integer> ports = new LinkedHashMap<>();
    ports.put("http", 80);
    ports.put("https", 80);
    CustomerConfig c = new CustomerConfig(file, "acd-demo", null, "huge", List.of(), List.of(), null, ports, Map.of(), dir.resolve("missing.crt"), dir.resolve("missing.key"), null, "vanilla",
        null, null);
    ConfigException e = assertThrows(ConfigException.class, () -> c.validateAgainst(sample()));
    assertEquals(List.of(
        file + ": sizing 'huge' is not a sizing profile of acd-demo; choose one of: small, medium, large",
        file + ": network.ports.http: stack acd-demo has no port called 'http'; its ports are: https",
        file + ": network.ports.http and network.ports.https are both 80; give each its own port",
        file + ": tls.certificate: " + dir.resolve("missing.crt") + " does not exist; copy the file to this host or"
            + " fix the path",
        file + ": tls.key: " + dir.resolve("missing.key") + " does not exist; copy the file to this host or fix the"
            + " path"), e.problems());
    assertEquals(String.join("\n", e.problems()), e.getMessage());
  }

  @Test
  void validationRefusesWhatTheStackDoesNotTake() throws Exception {
    StackDescriptor bare = StackDescriptor.defaultsFor("acd-demo");
    CustomerConfig c = full();
    ConfigException e = assertThrows(ConfigException.class, () -> c.validateAgainst(bare));
    assertEquals(List.of(
        file + ": sizing 'medium' is not a sizing profile of acd-demo; choose one of: default",
        file + ": dns_names is set but stack acd-demo takes no DNS name (its descriptor has no dns_name_variable);"
            + " remove dns_names",
        file + ": network.bind_address is set but stack acd-demo does not let you choose it (its descriptor has no"
            + " bind_address_variable); remove it",
        file + ": network.ports.https: stack acd-demo has no port called 'https'; remove it",
        file + ": tls is set but stack acd-demo takes no certificate (its descriptor has no 'tls'); remove tls"),
        e.problems());
  }

  @Test
  void validationChecksTheStackAndValuesBuiltInCode() throws Exception {
    CustomerConfig c = new CustomerConfig(null, "other", "1.0 beta", null, List.of("Bad Name"), List.of("-x-"),
        "999.1.1.1", Map.of(), Map.of("A", "x\ny"), null, null, null, "share", null, Path.of("relative"));
    ConfigException e = assertThrows(ConfigException.class, () -> c.validateAgainst(sample()));
    String src = "the default configuration (no --config): ";
    assertEquals(8, e.problems().size(), e.getMessage());
    assertEquals(src + "stack is 'other' but the bundle is stack 'acd-demo'; use the bundle of other, or a"
        + " configuration written for acd-demo", e.problems().get(0));
    assertTrue(e.problems().stream().allMatch(p -> p.startsWith(src)), e.getMessage());
    assertTrue(e.getMessage().contains("state_dir relative must be an absolute path"), e.getMessage());
  }

  @Test
  void unreadableTlsFile() throws Exception {
    CustomerConfig c = full();
    Files.delete(c.tlsKey());
    Files.createDirectory(c.tlsKey());
    ConfigException e = assertThrows(ConfigException.class, () -> c.validateAgainst(sample()));
    assertEquals(List.of(file + ": tls.key: " + c.tlsKey() + " is not a file; give the path of the PEM file"),
        e.problems());
  }

  @Test
  void releasePinning() throws Exception {
    CustomerConfig c = full();
    c.requireRelease("1.0.1");
    ConfigException e = assertThrows(ConfigException.class, () -> c.requireRelease("1.0.0"));
    assertEquals(file + ": release is 1.0.1 but the bundle is release 1.0.0; deploy the 1.0.1 bundle, or change"
        + " 'release' to 1.0.0 to move this host to it", e.getMessage());
    CustomerConfig.defaultsFor("acd-demo").requireRelease("anything");
  }

  @Test
  void duplicatesInListsCollapse() throws Exception {
    assertEquals(List.of("a.example", "b.example"),
        read("stack: acd-demo\ndns_names: [a.example, b.example, a.example]\n").dnsNames());
  }

  @Test
  void aCopyThatIsNoFileReadsAsIfItWereThere() throws Exception {
    byte[] yaml = "stack: acd-demo\nsizing: large\ntls: {certificate: tls.crt, key: tls.key}\n".getBytes(StandardCharsets.UTF_8);
    Path as = Path.of("/backup/20261121T020000Z-0123456789ab/config/customer.yaml");
    CustomerConfig c = CustomerConfig.parse(yaml, as);
    assertEquals("large", c.sizing());
    assertEquals(as, c.file());
    assertEquals(Path.of("/backup/20261121T020000Z-0123456789ab/config/tls.crt"), c.tlsCertificate());
    ConfigException e = assertThrows(ConfigException.class,
        () -> CustomerConfig.parse("stack: acd-demo\nsizng: large\n".getBytes(StandardCharsets.UTF_8), as));
    assertTrue(e.getMessage().startsWith(as + " line 2: unknown key 'sizng'"), e.getMessage());
  }

  @Test
  void withDataAndWithReleaseChangeOnlyThat() throws Exception {
    CustomerConfig c = read(EXAMPLE);
    BackupSettings backup = BackupSettings.of(new io.ferry.installer.share.LocalShareSettings(Path.of("/mnt/b")));
    CustomerConfig d = c.withData(backup, CustomerConfig.BACKUP_DATA_SOURCE, "20261121T020000Z-0123456789ab")
        .withRelease(null);
    assertEquals(backup, d.backup());
    assertTrue(d.restoresFromBackup());
    assertEquals("20261121T020000Z-0123456789ab", d.dataSnapshot());
    assertNull(d.release());
    assertEquals(new CustomerConfig(c.file(), c.stack(), null, c.sizing(), c.profiles(), c.dnsNames(), c.bindAddress(),
        c.ports(), c.environment(), c.tlsCertificate(), c.tlsKey(), backup, "backup", "20261121T020000Z-0123456789ab",
        c.stateDir()), d);
  }
}

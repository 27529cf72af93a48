package io.ferry.installer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ferry.installer.stack.StackDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ComposeEnvironmentTest {
  static final Path PROJECT = Path.of("/var/lib/ferry/acd-demo");
  static StackDescriptor sample;
  static String defaults;

  @BeforeAll
  static void readSample() throws Exception {
    sample = StackDescriptor.parse(Files.readAllBytes(Path.of("../samples/acd-demo/stack.yaml")), "stack.yaml");
    defaults = Files.readString(Path.of("../samples/acd-demo/config/defaults.env"));
  }

  static CustomerConfig config(String sizing, List<String> dns, String bind, Map<String, Integer> ports,
      Map<String, String> env, Path cert) {
    return new CustomerConfig(Path.of("customer.yaml"), "acd-demo", null, sizing, List.of(), dns, bind, ports, env,
        cert, cert == null ? null : Path.of("/etc/ssl/acd/tls.key"), null, "vanilla", null, null);
  }

  @Test
  void defaultsOnly() throws Exception {
    Map<String, String> env = ComposeEnvironment.render(sample, defaults, CustomerConfig.defaultsFor("acd-demo"),
        "1.0.0", PROJECT);
    assertEquals("small", env.get("ACD_SIZE"));
    assertEquals("acd.example.local", env.get("ACD_DNS_NAME"), "no dns_names: the bundle's default stays");
    assertEquals("127.0.0.1", env.get("ACD_BIND_ADDRESS"));
    assertEquals("8443", env.get("ACD_HTTPS_PORT"), "the descriptor's port default");
    assertEquals("./tls", env.get("ACD_TLS_DIR"), "no certificate: the stack's own");
    assertEquals("1.0.0", env.get("FERRY_RELEASE"));
    assertEquals(List.of("ACD_SIZE", "ACD_DNS_NAME", "ACD_BIND_ADDRESS", "ACD_HTTPS_PORT", "ACD_TLS_DIR",
        "ACD_DB_PASSWORD", "DB_SHARED_BUFFERS", "DB_MAX_CONNECTIONS", "WORKER_CONCURRENCY", "WORKER_INTERVAL",
        "WEB_WORKERS", "REPORTS_INTERVAL", "FERRY_RELEASE"), List.copyOf(env.keySet()),
        "defaults' order first, new variables after");
  }

  @Test
  void precedenceIsDefaultsThenSizingThenFerryThenCustomer() throws Exception {
    Map<String, String> custom = new LinkedHashMap<>();
    custom.put("WEB_WORKERS", "16");          // beats the sizing profile
    custom.put("ACD_BIND_ADDRESS", "::");     // beats what Ferry derives
    custom.put("SMTP_RELAY", "mail.customer.example");
    CustomerConfig c = config("large", List.of("acd.customer.example", "acd"), "0.0.0.0", Map.of("https", 443),
        custom, Path.of("/etc/ssl/acd/tls.crt"));
    Map<String, String> env = ComposeEnvironment.render(sample, defaults, c, "1.0.1", PROJECT);
    assertEquals("large", env.get("ACD_SIZE"), "sizing beats defaults");
    assertEquals("2GB", env.get("DB_SHARED_BUFFERS"));
    assertEquals("5", env.get("WORKER_INTERVAL"), "defaults stay where nothing overrides them");
    assertEquals("16", env.get("WEB_WORKERS"), "customer beats sizing");
    assertEquals("acd.customer.example", env.get("ACD_DNS_NAME"), "the primary DNS name");
    assertEquals("::", env.get("ACD_BIND_ADDRESS"), "customer environment beats network.bind_address");
    assertEquals("443", env.get("ACD_HTTPS_PORT"));
    assertEquals("/var/lib/ferry/acd-demo/tls", env.get("ACD_TLS_DIR"));
    assertEquals("1.0.1", env.get("FERRY_RELEASE"));
    assertEquals("mail.customer.example", env.get("SMTP_RELAY"));
    assertEquals("SMTP_RELAY", List.copyOf(env.keySet()).get(env.size() - 1));
  }

  @Test
  void withoutDefaultsFile() throws Exception {
    Map<String, String> env = ComposeEnvironment.render(sample, null, CustomerConfig.defaultsFor("acd-demo"), "1.0.0",
        PROJECT);
    assertEquals(Map.of("ACD_SIZE", "small", "DB_SHARED_BUFFERS", "128MB", "DB_MAX_CONNECTIONS", "50",
        "WORKER_CONCURRENCY", "1", "WEB_WORKERS", "2", "FERRY_RELEASE", "1.0.0", "ACD_HTTPS_PORT", "8443"), env);
    assertEquals(Map.of("FERRY_RELEASE", "2.0"), ComposeEnvironment.render(StackDescriptor.defaultsFor("x"), null,
        CustomerConfig.defaultsFor("x"), "2.0", PROJECT));
  }

  @Test
  void aConfigThatDoesNotFitIsRefused() {
    CustomerConfig c = config("huge", List.of(), null, Map.of("admin", 9000), Map.of(), null);
    ConfigException e = assertThrows(ConfigException.class,
        () -> ComposeEnvironment.render(sample, defaults, c, "1.0.0", PROJECT));
    assertEquals(List.of(
        "customer.yaml: sizing 'huge' is not a sizing profile of acd-demo; choose one of: small, medium, large",
        "customer.yaml: network.ports.admin: stack acd-demo has no port called 'admin'; its ports are: https"),
        e.problems());
  }

  @Test
  void badDefaultsNameTheFileAndLine() {
    ConfigException e = assertThrows(ConfigException.class, () -> ComposeEnvironment.render(sample,
        "# header\nA=1\nthis is not a pair\n", CustomerConfig.defaultsFor("acd-demo"), "1.0.0", PROJECT));
    assertEquals("the bundle's config/defaults.env line 3: expected KEY=value, found 'this is not a pair'; the vendor"
        + " must fix this file in the next release", e.getMessage());
  }

  @Test
  void defaultsAreReadLikeTheBundlerReadsThem() throws Exception {
    assertEquals(Map.of("A", "1", "B", "two words", "C", "x=y", "D", "$NOT_EXPANDED", "E", ""),
        ComposeEnvironment.parseDefaults("\uFEFF# c\r\nA=1\n  export B = \"two words\"\nC=x=y\nD='$NOT_EXPANDED'\nE=\n",
            "defaults"));
  }

  @Test
  void unwritableValuesAreReportedWithTheirSource() {
    ConfigException e = assertThrows(ConfigException.class, () -> ComposeEnvironment.render(sample,
        "GREETING=${USER}\n", CustomerConfig.defaultsFor("acd-demo"), "1.0.0", PROJECT));
    assertTrue(e.getMessage().startsWith("the bundle's config/defaults.env: GREETING: the value contains '${'"),
        e.getMessage());
  }

  @Test
  void envFileQuotesOnlyWhatNeedsIt() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PLAIN", "acd.customer.example:443/x@y,z=1+2%~^");
    env.put("EMPTY", "");
    env.put("SPACES", "  two  words ");
    env.put("DOLLAR", "pa$word $1 $");
    env.put("HASH", "a #not-a-comment");
    env.put("DQUOTE", "say \"hi\" now");
    env.put("SQUOTE", "it's");
    env.put("BACKSLASH", "C:\\new\\table");
    env.put("BOTH", "it's \"x\" \\ ok");
    env.put("TAB", "a\tb");
    env.put("UNICODE", "Grüße € 東京");
    assertEquals("""
        PLAIN=acd.customer.example:443/x@y,z=1+2%~^
        EMPTY=
        SPACES='  two  words '
        DOLLAR='pa$word $1 $'
        HASH='a #not-a-comment'
        DQUOTE='say "hi" now'
        SQUOTE="it's"
        BACKSLASH="C:\\\\new\\\\table"
        BOTH="it's \\"x\\" \\\\ ok"
        TAB='a\tb'
        UNICODE='Grüße € 東京'
        """, ComposeEnvironment.toEnvFile(env));
  }

  @Test
  void envFileRefusesWhatComposeVersionsReadDifferently() {
    for (String bad : new String[] {"two\nlines", "cr\r", "nul\0", "${HOME}", "a${", "ends with \\",
        "it's $5", "back\\slash $", "it's \"quoted\""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> ComposeEnvironment.toEnvFile(Map.of("V", bad)), bad);
      assertTrue(e.getMessage().startsWith("V: the value "), e.getMessage());
      assertTrue(ConfigValues.variableValue(bad).isPresent(), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> ComposeEnvironment.toEnvFile(Map.of("1A", "x")));
    assertFalse(ConfigValues.variableValue("$HOME is fine alone").isPresent());
  }

  @Test
  void interpolation() {
    Map<String, String> env = Map.of("HOST", "acd.example", "PORT", "443", "EMPTY", "");
    assertEquals("https://acd.example:443/", ComposeEnvironment.interpolate("https://${HOST}:${PORT}/", env));
    assertEquals("https://acd.example/", ComposeEnvironment.interpolate("https://$HOST/", env));
    assertEquals("x:8443", ComposeEnvironment.interpolate("x:${NOPE:-8443}", env));
    assertEquals("x:", ComposeEnvironment.interpolate("x:${NOPE}", env));
    assertEquals("d", ComposeEnvironment.interpolate("${EMPTY:-d}", env));
    assertEquals("", ComposeEnvironment.interpolate("${EMPTY-d}", env));
    assertEquals(":443", ComposeEnvironment.interpolate("${PORT:+:$PORT}", env));
    assertEquals("", ComposeEnvironment.interpolate("${NOPE:+:$PORT}", env));
    assertEquals("acd.example", ComposeEnvironment.interpolate("${NOPE:-${HOST}}", env));
    assertEquals("cost $5", ComposeEnvironment.interpolate("cost $$5", env));
    assertEquals("${unclosed", ComposeEnvironment.interpolate("${unclosed", env));
    assertEquals("a $ b", ComposeEnvironment.interpolate("a $ b", env));
  }

  @Test
  void theSampleUrl() throws Exception {
    CustomerConfig c = config(null, List.of("acd.customer.example"), null, Map.of("https", 443), Map.of(), null);
    Map<String, String> env = ComposeEnvironment.render(sample, defaults, c, "1.0.0", PROJECT);
    assertEquals("https://acd.customer.example:443/", ComposeEnvironment.interpolate(sample.url(), env));
    assertEquals(Map.of("https", 443), ComposeEnvironment.publishedPorts(sample, env));
  }

  @Test
  void publishedPortsFollowAnOverride() throws Exception {
    assertEquals(Map.of("https", 9443), ComposeEnvironment.publishedPorts(sample, Map.of("ACD_HTTPS_PORT", "9443")));
    assertEquals(Map.of("https", 8443), ComposeEnvironment.publishedPorts(sample, Map.of()));
    ConfigException e = assertThrows(ConfigException.class,
        () -> ComposeEnvironment.publishedPorts(sample, Map.of("ACD_HTTPS_PORT", "https")));
    assertTrue(e.getMessage().contains("set network.ports.https"), e.getMessage());
  }
}

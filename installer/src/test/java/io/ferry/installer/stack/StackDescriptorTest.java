package io.ferry.installer.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StackDescriptorTest {
  static final Path SAMPLE = Path.of("../samples/acd-demo/stack.yaml");

  static StackDescriptor sample() throws Exception {
    return StackDescriptor.parse(Files.readAllBytes(SAMPLE), "stack.yaml");
  }

  static StackDescriptor parse(String yaml) throws DescriptorException {
    return StackDescriptor.parse(yaml.getBytes(StandardCharsets.UTF_8), "stack.yaml");
  }

  static String failure(String yaml) {
    return assertThrows(DescriptorException.class, () -> parse(yaml)).getMessage();
  }

  @Test
  void theRealSampleParses() throws Exception {
    StackDescriptor d = sample();
    assertEquals("acd-demo", d.name());
    assertEquals("ACD Demo contact centre", d.product());
    assertEquals("Example Vendor Ltd", d.vendor());
    assertEquals("compose.yaml", d.composeFile());
    assertEquals("acd-demo", d.project());
    assertEquals("small", d.sizing().defaultProfile());
    assertEquals(List.of("small", "medium", "large"), List.copyOf(d.sizing().profiles().keySet()));
    SizingProfile medium = d.sizing().profile("medium");
    assertEquals(new SizingProfile("medium", "up to 150 agents", 4, 8192, Map.of("ACD_SIZE", "medium",
        "DB_SHARED_BUFFERS", "512MB", "DB_MAX_CONNECTIONS", "150", "WORKER_CONCURRENCY", "4", "WEB_WORKERS", "4")),
        medium);
    assertEquals(List.of("ACD_SIZE", "DB_SHARED_BUFFERS", "DB_MAX_CONNECTIONS", "WORKER_CONCURRENCY", "WEB_WORKERS"),
        List.copyOf(medium.env().keySet()), "env keeps the descriptor's order");
    assertEquals("ACD_DNS_NAME", d.dnsNameVariable());
    assertEquals("db", d.database().service());
    assertEquals("postgresql", d.database().engine());
    assertEquals(List.of("pg_dump", "-U", "acd", "--no-owner", "acd"), d.database().dump());
    assertEquals("select count(*) from pg_tables where schemaname='public'", d.database().isEmpty().get(6));
    assertEquals(List.of("prompts", "reports"), d.dataVolumes());
    assertEquals("vanilla/database.sql", d.vanillaDatabase());
    assertEquals(Map.of("prompts", "vanilla/volumes/prompts"), d.vanillaVolumes());
    assertEquals(new Migrations("web", List.of("/app/migrate.sh")), d.migrations());
    assertEquals(180, d.healthTimeoutSeconds());
    assertEquals("config/defaults.env", d.configDefaults());
    assertEquals(new TlsSpec("ACD_TLS_DIR", "tls.crt", "tls.key"), d.tls());
    assertEquals(Map.of("https", new PortSpec("https", "ACD_HTTPS_PORT", 8443, "web")), d.ports());
    assertEquals("ACD_BIND_ADDRESS", d.bindAddressVariable());
    assertEquals("https://${ACD_DNS_NAME}:${ACD_HTTPS_PORT}/", d.url());
  }

  @Test
  void theBundlerKnowsEveryTopLevelKey() throws Exception {
    // The bundler refuses unknown top-level keys; a key only the installer knows could never be bundled.
    String bundler = Files.readString(Path.of("../bundler/src/main/java/io/ferry/bundler/stack/StackDescriptor.java"));
    for (String key : StackDescriptor.KNOWN_KEYS) {
      assertTrue(bundler.contains('"' + key + '"'), "bundler KNOWN_KEYS lacks " + key);
    }
  }

  @Test
  void defaultsForABundleWithoutDescriptor() {
    StackDescriptor d = StackDescriptor.defaultsFor("acd-demo");
    assertEquals("acd-demo", d.project());
    assertEquals("acd-demo", d.product());
    assertEquals("", d.vendor());
    assertEquals("compose.yaml", d.composeFile());
    assertEquals(180, d.healthTimeoutSeconds());
    assertEquals("default", d.sizing().defaultProfile());
    assertEquals(new SizingProfile("default", "", 0, 0, Map.of()), d.sizing().profile(null));
    assertNull(d.dnsNameVariable());
    assertNull(d.database());
    assertNull(d.migrations());
    assertNull(d.tls());
    assertNull(d.url());
    assertTrue(d.ports().isEmpty() && d.dataVolumes().isEmpty() && d.vanillaVolumes().isEmpty());
    assertEquals("my-stack", StackDescriptor.defaultsFor("my.stack").project(), "compose refuses '.' in projects");
  }

  @Test
  void minimalDescriptorGetsTheSameDefaults() throws Exception {
    assertEquals(StackDescriptor.defaultsFor("acd-demo"), parse("name: acd-demo\n"));
  }

  @Test
  void unknownTopLevelKeyNamesFileLineAndSuggestion() {
    assertEquals("stack.yaml line 3: unknown key 'sizng' (did you mean 'sizing'? known: " + String.join(", ",
        StackDescriptor.KNOWN_KEYS) + ")", failure("name: acd\n# comment\nsizng: {}\n"));
  }

  @Test
  void unknownNestedKeyNamesItsPath() {
    String m = failure("""
        name: acd
        sizing:
          profiles:
            small:
              cpus: 2
              memroy_mb: 100
        """);
    assertEquals("stack.yaml line 6: unknown key 'memroy_mb' in 'sizing.profiles.small' (did you mean 'memory_mb'?"
        + " known: description, cpus, memory_mb, env)", m);
  }

  @Test
  void wrongTypesNameTheKeyPath() {
    assertEquals("stack.yaml line 4: sizing.profiles.small.cpus must be a whole number (found: two)",
        failure("name: acd\nsizing:\n  profiles:\n    small: {cpus: two}\n"));
    assertEquals("stack.yaml line 2: sizing.profiles.small.cpus must be a whole number (found: 2.5)",
        failure("name: acd\nsizing: {profiles: {small: {cpus: 2.5}}}\n"));
    assertEquals("stack.yaml line 3: data.database.dump must be a list of arguments: the command that writes a dump"
        + " to stdout, e.g. [pg_dump, -U, app, app], not a single value",
        failure("name: acd\ndata:\n  database: {service: db, dump: pg_dump -U acd, restore: [psql]}\n"));
    assertEquals("stack.yaml line 2: health.timeout_seconds must be a whole number from 1 to 86400 (found: 0)",
        failure("name: acd\nhealth: {timeout_seconds: 0}\n"));
    assertTrue(failure("name: acd\nsizing: [small, large]\n").startsWith(
        "stack.yaml line 2: sizing must be a mapping with 'default' and 'profiles', not a list"));
    assertTrue(failure("name: acd\nfiles: extra.txt\n").startsWith("stack.yaml line 2: files must be a list"));
    assertEquals("stack.yaml line 4: every item of migrations.command must be a single value (a list of arguments,"
        + " e.g. [/app/migrate.sh])", failure("name: acd\nmigrations:\n  service: web\n  command: [{a: b}]\n"));
  }

  @Test
  void sizingDefaultMustNameAProfile() {
    assertEquals("stack.yaml line 3: sizing.default 'huge' is not one of the profiles (small, large)",
        failure("name: acd\nsizing:\n  default: huge\n  profiles: {small: {}, large: {}}\n"));
  }

  @Test
  void sizingDefaultIsTheFirstProfileWhenNotGiven() throws Exception {
    StackDescriptor d = parse("name: acd\nsizing:\n  profiles: {small: {cpus: 1}, large: {cpus: 8}}\n");
    assertEquals("small", d.sizing().defaultProfile());
    assertEquals(8, d.sizing().profile("large").cpus());
  }

  @Test
  void unknownProfileListsTheValidOnes() throws Exception {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> sample().sizing().profile("xl"));
    assertEquals("there is no sizing profile 'xl'; choose one of: small, medium, large", e.getMessage());
  }

  @Test
  void servicesMustBeNamed() {
    assertEquals("stack.yaml line 3: 'data.database.service' has no value; set it to the compose service that runs"
        + " the database, e.g. db", failure("name: acd\ndata:\n  database: {service: '', dump: [a], restore: [b]}\n"));
    assertEquals("stack.yaml line 2: required key 'migrations.service' is missing; set it to the compose service"
        + " that runs the migrations, e.g. web", failure("name: acd\nmigrations: {command: [/app/migrate.sh]}\n"));
    assertEquals("stack.yaml line 3: required key 'data.database.restore' is missing; set it to the command that"
        + " reads a dump from stdin, e.g. [psql, -U, app]", failure("name: acd\ndata:\n  database: {service: db,"
        + " dump: [pg_dump]}\n"));
  }

  @Test
  void nameIsRequired() {
    assertEquals("stack.yaml: required key 'name' is missing; set it to the stack's name ([a-z0-9_.-], e.g."
        + " acd-demo)", failure("product: x\n"));
    assertTrue(failure("name: ACD Demo\n").startsWith("stack.yaml line 1: name 'ACD Demo' may use only"));
  }

  @Test
  void yamlSyntaxErrorsNameTheLine() {
    String m = failure("name: acd\nsizing:\n  profiles: {small: {cpus: 2}\n");
    assertTrue(m.startsWith("stack.yaml line "), m);
    assertTrue(m.endsWith("(fix the YAML syntax)"), m);
    assertEquals("stack.yaml: the file is empty", failure(""));
    assertEquals("stack.yaml line 1: expected 'key: value' lines at the top level", failure("- a\n- b\n"));
  }

  @Test
  void duplicateKeysAreRefused() {
    assertEquals("stack.yaml line 3: duplicate key 'product' (also at line 2); keep one of them",
        failure("name: acd\nproduct: A\nproduct: B\n"));
  }

  @Test
  void portsAreChecked() throws Exception {
    assertEquals("stack.yaml line 2: ports.https.default must be a whole number from 1 to 65535 (found: 70000)",
        failure("name: acd\nports: {https: {variable: P, default: 70000}}\n"));
    assertEquals("stack.yaml line 3: required key 'ports.https.variable' is missing; name the compose variable that"
        + " holds this port, e.g. ACD_HTTPS_PORT", failure("name: acd\nports:\n  https: {default: 443}\n"));
    assertTrue(failure("name: acd\nports: {https: {variable: 1PORT, default: 443}}\n")
        .contains("ports.https.variable must be a compose variable name"));
    PortSpec admin = parse("name: acd\nports: {admin: {variable: ADMIN_PORT, default: 9000}}\n").ports().get("admin");
    assertEquals(new PortSpec("admin", "ADMIN_PORT", 9000, null), admin);
  }

  @Test
  void eachDerivedValueNeedsItsOwnVariable() {
    assertEquals("stack.yaml line 3: ports.https.variable uses ACD_DNS_NAME, which dns_name_variable uses already;"
        + " give each setting its own variable",
        failure("name: acd\ndns_name_variable: ACD_DNS_NAME\nports: {https: {variable: ACD_DNS_NAME, default: 1}}\n"));
    assertTrue(failure("name: acd\ndns_name_variable: FERRY_RELEASE\n").contains("Ferry sets it to the release"));
  }

  @Test
  void tlsFilesDefaultAndMustBePlainNames() throws Exception {
    assertEquals(new TlsSpec("TLS_DIR", "tls.crt", "tls.key"),
        parse("name: acd\ntls: {directory_variable: TLS_DIR}\n").tls());
    assertEquals("stack.yaml line 2: tls.key must be a plain file name such as tls.key (found: ../key.pem)",
        failure("name: acd\ntls: {directory_variable: TLS_DIR, key: ../key.pem}\n"));
    assertTrue(failure("name: acd\ntls: {certificate: a.crt}\n")
        .startsWith("stack.yaml line 2: required key 'tls.directory_variable' is missing"));
  }

  @Test
  void vanillaDataMustBeDeclaredData() {
    assertEquals("stack.yaml line 5: vanilla.volumes.prompts is not listed in data.volumes; add 'prompts' there so"
        + " that it is backed up and restored like the vanilla data",
        failure("name: acd\ndata: {volumes: [reports]}\nvanilla:\n  volumes:\n    prompts: vanilla/prompts\n"));
    assertTrue(failure("name: acd\nvanilla: {database: vanilla/db.sql}\n")
        .contains("vanilla.database is set but data.database is not"));
  }

  @Test
  void valuesAreReadAsWritten() throws Exception {
    StackDescriptor d = parse("""
        name: acd
        sizing:
          profiles:
            small: {env: {WORKERS: 2, FLAG: yes, RATIO: 1.10, EMPTY: ""}}
        """);
    assertEquals(Map.of("WORKERS", "2", "FLAG", "yes", "RATIO", "1.10", "EMPTY", ""), d.sizing().profile(null).env());
  }

  @Test
  void profileEnvCannotSetTheRelease() {
    assertTrue(failure("name: acd\nsizing: {profiles: {small: {env: {FERRY_RELEASE: x}}}}\n")
        .contains("FERRY_RELEASE is set by Ferry to the release; remove it"));
  }

  @Test
  void mergeKeysWork() throws Exception {
    StackDescriptor d = parse("""
        name: acd
        sizing:
          profiles:
            small: &base {cpus: 2, memory_mb: 1024, env: {A: "1"}}
            large:
              <<: *base
              cpus: 8
        """);
    assertEquals(new SizingProfile("large", "", 8, 1024, Map.of("A", "1")), d.sizing().profile("large"));
  }

  @Test
  void profileAndPortNamesAreChecked() {
    assertEquals("stack.yaml line 4: the profile name 'Big One' may use only a-z, 0-9, '_', '.' and '-'",
        failure("name: acd\nsizing:\n  profiles:\n    Big One: {cpus: 1}\n"));
    assertEquals("stack.yaml line 3: the port name 'HTTPS' may use only a-z, 0-9, '_', '.' and '-'",
        failure("name: acd\nports:\n  HTTPS: {variable: P, default: 443}\n"));
  }

  @Test
  void projectMustSuitCompose() {
    assertTrue(failure("name: acd\nproject: ACD.demo\n").contains("is not a valid compose project name"));
  }

  @Test
  void sourceNameIsUsedAsGiven() {
    DescriptorException e = assertThrows(DescriptorException.class,
        () -> StackDescriptor.parse("name: acd\nbogus: 1\n".getBytes(StandardCharsets.UTF_8),
            "acd-1.0.0.ferry:stack.yaml"));
    assertTrue(e.getMessage().startsWith("acd-1.0.0.ferry:stack.yaml line 2: unknown key 'bogus' (known:"),
        e.getMessage());
  }
}

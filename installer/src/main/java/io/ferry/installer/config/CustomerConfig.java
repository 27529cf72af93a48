package io.ferry.installer.config;

import io.ferry.installer.stack.PortSpec;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.installer.stack.YamlTree;
import io.ferry.installer.stack.YamlTree.Mapping;
import io.ferry.installer.stack.YamlTree.YamlProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The customer configuration ("answer file", customer.yaml): how on-site IT wants the stack to run on
 * this host. Written by hand or by the wizard, passed as {@code ferry deploy BUNDLE --config FILE}.
 * The contract is docs/onprem/customer-config.md.
 *
 * <p>Nullable components: {@code file} (no file: defaults), {@code release} (any release),
 * {@code sizing} (the descriptor's default), {@code bindAddress} (the stack's default),
 * {@code tlsCertificate}/{@code tlsKey} (both or neither; none: the stack's own certificate),
 * {@code backup} (no backups), {@code dataSnapshot} (the newest snapshot that verifies), {@code stateDir}
 * ({@value #DEFAULT_STATE_DIR}). Lists and maps are never null, unmodifiable and
 * keep the file's order. Paths read from a file are absolute: relative ones are resolved against the
 * file's folder. Immutable and thread-safe.
 */
public record CustomerConfig(
    Path file,
    String stack,
    String release,
    String sizing,
    List<String> profiles,
    List<String> dnsNames,
    String bindAddress,
    Map<String, Integer> ports,
    Map<String, String> environment,
    Path tlsCertificate,
    Path tlsKey,
    BackupSettings backup,
    String dataSource,
    String dataSnapshot,
    Path stateDir) {

  public static final String DEFAULT_STATE_DIR = "/var/lib/ferry";
  /** Where the data of an empty stack comes from: the bundle's vanilla data, or the newest backup on the share. */
  public static final List<String> DATA_SOURCES = List.of("vanilla", "backup");
  public static final String DEFAULT_DATA_SOURCE = "vanilla";
  public static final String BACKUP_DATA_SOURCE = "backup";

  static final List<String> KNOWN_KEYS = List.of("stack", "release", "sizing", "profiles", "dns_names", "network",
      "environment", "tls", "backup", "data", "state_dir");

  public CustomerConfig {
    profiles = profiles == null ? List.of() : List.copyOf(new LinkedHashSet<>(profiles));
    dnsNames = dnsNames == null ? List.of() : List.copyOf(new LinkedHashSet<>(dnsNames));
    ports = ports == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(ports));
    environment = environment == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(environment));
    dataSource = dataSource == null ? DEFAULT_DATA_SOURCE : dataSource;
  }

  /** The configuration of a host deployed without --config: everything at the stack's defaults. */
  public static CustomerConfig defaultsFor(String stack) {
    return new CustomerConfig(null, stack, null, null, List.of(), List.of(), null, Map.of(), Map.of(), null, null,
        null, DEFAULT_DATA_SOURCE, null, null);
  }

  /** This configuration with another backup section and data source (e.g. as the wizard chose them). */
  public CustomerConfig withData(BackupSettings backup, String dataSource, String dataSnapshot) {
    return new CustomerConfig(file, stack, release, sizing, profiles, dnsNames, bindAddress, ports, environment,
        tlsCertificate, tlsKey, backup, dataSource, dataSnapshot, stateDir);
  }

  /** This configuration pinned to {@code release}, or to none when it is null. */
  public CustomerConfig withRelease(String release) {
    return new CustomerConfig(file, stack, release, sizing, profiles, dnsNames, bindAddress, ports, environment,
        tlsCertificate, tlsKey, backup, dataSource, dataSnapshot, stateDir);
  }

  /** Where Ferry keeps the rendered project and its records: {@code state_dir} or /var/lib/ferry. */
  public Path stateDirOrDefault() {
    return stateDir == null ? Path.of(DEFAULT_STATE_DIR) : stateDir;
  }

  /** The primary DNS name (the first), or null when none is configured. */
  public String primaryDnsName() {
    return dnsNames.isEmpty() ? null : dnsNames.get(0);
  }

  /** Whether data comes from the backup share when the stack's volumes are empty ({@code data.source: backup}). */
  public boolean restoresFromBackup() {
    return BACKUP_DATA_SOURCE.equals(dataSource);
  }

  /** The backup settings, or a message that says how to add them when there are none. */
  public BackupSettings requireBackup() throws ConfigException {
    if (backup == null) {
      throw new ConfigException(sourceName() + ": there is no 'backup' section, so Ferry does not know where backups"
          + " go; add backup.share with your file share (docs/onprem/customer-config.md, section backup)");
    }
    return backup;
  }

  /** How messages name this configuration: its file, or "the default configuration". */
  public String sourceName() {
    return file == null ? "the default configuration (no --config)" : file.toString();
  }

  // ---------------------------------------------------------------------------------------------
  // Reading

  /**
   * Reads and checks a customer configuration file on its own (the checks that need the bundle are
   * in {@link #validateAgainst}).
   *
   * @throws ConfigException e.g. "customer.yaml line 7: unknown key 'sizng' (did you mean 'sizing'?
   *     known: ...)" or "customer.yaml: required key 'stack' is missing"
   */
  public static CustomerConfig read(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": no such file; check the path given to --config");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot be read (" + e.getMessage() + "); check the path and its"
          + " permissions");
    }
    return parse(bytes, file);
  }

  /**
   * Reads a configuration that is not a file on this host, e.g. the copy a backup keeps of the
   * configuration it was taken with, as if it were the file {@code as}: messages name {@code as}, and
   * relative paths are resolved against its folder.
   *
   * @throws ConfigException as {@link #read}
   */
  public static CustomerConfig parse(byte[] yaml, Path as) throws ConfigException {
    try {
      return parse(YamlTree.parse(yaml, as.toString()), as);
    } catch (YamlProblem e) {
      throw new ConfigException(e.getMessage());
    }
  }

  private static CustomerConfig parse(Mapping doc, Path file) throws YamlProblem {
    doc.allowOnly(KNOWN_KEYS);
    String stack = doc.requiredText("stack", "the stack's name as the bundle shows it, e.g. acd-demo");
    check(doc, "stack", ConfigValues.stackName(stack));
    String release = doc.text("release", "a release, e.g. 1.0.1");
    if (release != null) {
      check(doc, "release", ConfigValues.release(release));
    }
    String sizing = doc.text("sizing", "the name of a sizing profile, e.g. medium");
    if (sizing != null) {
      check(doc, "sizing", ConfigValues.sizingName(sizing));
    }
    List<String> profiles = listOrSingle(doc, "profiles", "a list of compose profiles, e.g. [reports]");
    for (String p : profiles) {
      check(doc, "profiles", ConfigValues.profileName(p));
    }
    List<String> dnsNames = listOrSingle(doc, "dns_names", "a list of host names, e.g. [acd.customer.example]");
    for (String n : dnsNames) {
      check(doc, "dns_names", ConfigValues.dnsName(n));
    }

    String bindAddress = null;
    Map<String, Integer> ports = new LinkedHashMap<>();
    Mapping network = doc.mapping("network", "a mapping with bind_address and ports");
    if (network != null) {
      network.allowOnly(List.of("bind_address", "ports"));
      bindAddress = network.text("bind_address", "an IP address, e.g. 0.0.0.0");
      if (bindAddress != null) {
        check(network, "bind_address", ConfigValues.bindAddress(bindAddress));
      }
      Mapping p = network.mapping("ports", "a mapping of port names to numbers, e.g. {https: 443}");
      if (p != null) {
        for (String name : p.keys()) {
          Long port = p.wholeNumber(name, 1, 65_535);
          if (port == null) {
            throw p.problem(name, p.full(name) + " has no value; write a port number from 1 to 65535, or remove it"
                + " to keep the stack's default");
          }
          ports.put(name, port.intValue());
        }
      }
    }

    Map<String, String> environment = doc.textMap("environment", "a mapping of variable names to values");
    if (!environment.isEmpty()) {
      Mapping env = doc.mapping("environment", "");
      for (Map.Entry<String, String> e : environment.entrySet()) {
        check(env, e.getKey(), ConfigValues.variableName(e.getKey()).map(p -> env.full(e.getKey()) + ": " + p));
        check(env, e.getKey(), reserved(e.getKey()).map(p -> env.full(e.getKey()) + ": " + p));
        check(env, e.getKey(), ConfigValues.variableValue(e.getValue()).map(p -> env.full(e.getKey()) + ": " + p));
      }
    }

    Path folder = file.toAbsolutePath().getParent();
    Path certificate = null;
    Path key = null;
    Mapping tls = doc.mapping("tls", "a mapping with certificate and key");
    if (tls != null) {
      tls.allowOnly(List.of("certificate", "key"));
      certificate = path(tls, "certificate", folder);
      key = path(tls, "key", folder);
      if (certificate == null || key == null) {
        throw tls.missing(certificate == null ? "certificate" : "key", "give both the certificate and its private"
            + " key (PEM files), or remove 'tls' to keep the stack's own certificate");
      }
    }

    BackupSettings backup = null;
    Mapping backupSection = doc.mapping("backup", "a mapping with share, schedule, retention and write_once");
    if (backupSection != null) {
      backup = BackupSettings.parse(backupSection);
    }

    String dataSource = DEFAULT_DATA_SOURCE;
    String snapshot = null;
    Mapping data = doc.mapping("data", "a mapping with source");
    if (data != null) {
      data.allowOnly(List.of("source", "snapshot"));
      String source = data.text("source", "one of: " + String.join(", ", DATA_SOURCES));
      if (source != null) {
        check(data, "source", dataSourceProblem(source));
        dataSource = source;
      }
      if (BACKUP_DATA_SOURCE.equals(dataSource) && backup == null) {
        throw data.problem("source", NO_BACKUP_SHARE);
      }
      snapshot = data.text("snapshot", "the name of a snapshot as 'ferry backups' lists it");
      if (snapshot != null) {
        check(data, "snapshot", ConfigValues.snapshotName(snapshot));
        if (!BACKUP_DATA_SOURCE.equals(dataSource)) {
          throw data.problem("snapshot", SNAPSHOT_WITHOUT_BACKUP);
        }
      }
    }
    Path stateDir = path(doc, "state_dir", folder);
    return new CustomerConfig(file, stack, release, sizing, profiles, dnsNames, bindAddress, ports, environment,
        certificate, key, backup, dataSource, snapshot, stateDir);
  }

  private static List<String> listOrSingle(Mapping m, String key, String expected) throws YamlProblem {
    // "dns_names: acd.example" is a natural way to write one name; accept it as a list of one.
    if (m.has(key)) {
      try {
        String single = m.text(key, expected);
        return single == null ? List.of() : List.of(single);
      } catch (YamlProblem notSingle) {
        // a list (or a mapping, which textList refuses with the right message)
      }
    }
    List<String> list = m.textList(key, expected);
    return list == null ? List.of() : list;
  }

  private static Path path(Mapping m, String key, Path folder) throws YamlProblem {
    String text = m.text(key, "a path on this host, e.g. /etc/ssl/acd/tls.crt");
    if (text == null) {
      return null;
    }
    if (text.isBlank()) {
      throw m.problem(key, m.full(key) + " is empty; write a path, or remove the key");
    }
    return folder.resolve(text).normalize();
  }

  private static void check(Mapping m, String key, Optional<String> problem) throws YamlProblem {
    if (problem.isPresent()) {
      throw m.problem(key, problem.get().startsWith(m.full(key)) ? problem.get() : m.full(key) + ": " + problem.get());
    }
  }

  private static Optional<String> reserved(String variable) {
    return StackDescriptor.RELEASE_VARIABLE.equals(variable)
        ? Optional.of(variable + " is set by Ferry to the bundle's release; use 'release' to pin a release")
        : Optional.empty();
  }

  private static final String NO_BACKUP_SHARE = "data.source is backup but there is no backup share to restore"
      + " from; add the 'backup' section with your share (docs/onprem/customer-config.md), or write source: vanilla";
  private static final String SNAPSHOT_WITHOUT_BACKUP = "data.snapshot names a backup to restore, but data.source"
      + " is not backup; write source: backup, or remove snapshot";

  private static Optional<String> dataSourceProblem(String source) {
    return DATA_SOURCES.contains(source) ? Optional.empty()
        : Optional.of("'" + source + "' is not a data source this Ferry knows; write one of: "
            + String.join(", ", DATA_SOURCES));
  }

  // ---------------------------------------------------------------------------------------------
  // Checking against the bundle

  /**
   * Checks this configuration against the bundle's stack descriptor and this host's files: the stack
   * matches, the sizing profile exists, the port names are the stack's, DNS names / bind address / TLS
   * are only given when the stack takes them, the TLS files are readable, every value is valid (also for
   * a configuration built in code). Reports every problem found, one per line.
   *
   * @return this configuration with {@code sizing} set to the profile used (the descriptor's default when
   *     none was given)
   */
  public CustomerConfig validateAgainst(StackDescriptor d) throws ConfigException {
    List<String> problems = problems(d, true);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return sizing != null ? this : new CustomerConfig(file, stack, release, d.sizing().defaultProfile(), profiles,
        dnsNames, bindAddress, ports, environment, tlsCertificate, tlsKey, backup, dataSource, dataSnapshot, stateDir);
  }

  /** Refuses a bundle of another release than the one this configuration pins (if it pins one). */
  public void requireRelease(String bundleRelease) throws ConfigException {
    if (release != null && !release.equals(bundleRelease)) {
      throw new ConfigException(sourceName() + ": release is " + release + " but the bundle is release "
          + bundleRelease + "; deploy the " + release + " bundle, or change 'release' to " + bundleRelease
          + " to move this host to it");
    }
  }

  /** Every problem with this configuration for stack {@code d}; file checks only when {@code checkFiles}. */
  List<String> problems(StackDescriptor d, boolean checkFiles) {
    List<String> problems = new ArrayList<>();
    Function<String, String> at = p -> sourceName() + ": " + p;
    if (stack == null || stack.isBlank()) {
      problems.add(at.apply("required key 'stack' is missing; write stack: " + d.name()));
    } else if (!stack.equals(d.name())) {
      problems.add(at.apply("stack is '" + stack + "' but the bundle is stack '" + d.name() + "'; use the bundle"
          + " of " + stack + ", or a configuration written for " + d.name()));
    }
    if (release != null) {
      ConfigValues.release(release).ifPresent(p -> problems.add(at.apply("release: " + p)));
    }
    if (sizing != null && !d.sizing().profiles().containsKey(sizing)) {
      problems.add(at.apply("sizing '" + sizing + "' is not a sizing profile of " + d.name() + "; choose one of: "
          + String.join(", ", d.sizing().profiles().keySet())));
    }
    for (String p : profiles) {
      ConfigValues.profileName(p).ifPresent(x -> problems.add(at.apply("profiles: " + x)));
    }
    for (String n : dnsNames) {
      ConfigValues.dnsName(n).ifPresent(x -> problems.add(at.apply("dns_names: " + x)));
    }
    if (!dnsNames.isEmpty() && d.dnsNameVariable() == null) {
      problems.add(at.apply("dns_names is set but stack " + d.name() + " takes no DNS name (its descriptor has no"
          + " dns_name_variable); remove dns_names"));
    }
    if (bindAddress != null) {
      ConfigValues.bindAddress(bindAddress).ifPresent(x -> problems.add(at.apply("network.bind_address: " + x)));
      if (d.bindAddressVariable() == null) {
        problems.add(at.apply("network.bind_address is set but stack " + d.name() + " does not let you choose"
            + " it (its descriptor has no bind_address_variable); remove it"));
      }
    }
    Map<Integer, String> byNumber = new LinkedHashMap<>();
    for (Map.Entry<String, Integer> e : ports.entrySet()) {
      PortSpec spec = d.ports().get(e.getKey());
      if (spec == null) {
        problems.add(at.apply("network.ports." + e.getKey() + ": stack " + d.name() + " has no port called '"
            + e.getKey() + "'" + (d.ports().isEmpty() ? "; remove it" : "; its ports are: "
            + String.join(", ", d.ports().keySet()))));
      }
      Integer number = e.getValue();
      if (number == null) {
        problems.add(at.apply("network.ports." + e.getKey() + " has no number"));
        continue;
      }
      ConfigValues.port(number).ifPresent(x -> problems.add(at.apply("network.ports." + e.getKey() + ": " + x)));
      String other = byNumber.putIfAbsent(number, e.getKey());
      if (other != null) {
        problems.add(at.apply("network.ports." + other + " and network.ports." + e.getKey() + " are both " + number
            + "; give each its own port"));
      }
    }
    for (Map.Entry<String, String> e : environment.entrySet()) {
      String where = "environment." + e.getKey() + ": ";
      ConfigValues.variableName(e.getKey()).ifPresent(x -> problems.add(at.apply(where + x)));
      reserved(e.getKey()).ifPresent(x -> problems.add(at.apply(where + x)));
      if (e.getValue() == null) {
        problems.add(at.apply(where + "has no value"));
      } else {
        ConfigValues.variableValue(e.getValue()).ifPresent(x -> problems.add(at.apply(where + x)));
      }
    }
    if (tlsCertificate != null || tlsKey != null) {
      if (d.tls() == null) {
        problems.add(at.apply("tls is set but stack " + d.name() + " takes no certificate (its descriptor has no"
            + " 'tls'); remove tls"));
      }
      if (tlsCertificate == null || tlsKey == null) {
        problems.add(at.apply("tls needs both certificate and key (PEM files); give the missing one"));
      }
      if (checkFiles) {
        checkReadable(tlsCertificate, "tls.certificate", problems, at);
        checkReadable(tlsKey, "tls.key", problems, at);
      }
    }
    if (backup != null) {
      backup.problems().forEach(x -> problems.add(at.apply(x)));
    }
    dataSourceProblem(dataSource).ifPresent(x -> problems.add(at.apply("data.source: " + x)));
    if (restoresFromBackup() && backup == null) {
      problems.add(at.apply(NO_BACKUP_SHARE));
    }
    if (dataSnapshot != null) {
      ConfigValues.snapshotName(dataSnapshot).ifPresent(x -> problems.add(at.apply("data.snapshot: " + x)));
      if (!restoresFromBackup()) {
        problems.add(at.apply(SNAPSHOT_WITHOUT_BACKUP));
      }
    }
    if (stateDir != null && !stateDir.isAbsolute()) {
      problems.add(at.apply("state_dir " + stateDir + " must be an absolute path, e.g. " + DEFAULT_STATE_DIR));
    }
    return problems;
  }

  private static void checkReadable(Path file, String key, List<String> problems, Function<String, String> at) {
    if (file == null) {
      return;
    }
    if (!Files.exists(file)) {
      problems.add(at.apply(key + ": " + file + " does not exist; copy the file to this host or fix the path"));
    } else if (!Files.isRegularFile(file)) {
      problems.add(at.apply(key + ": " + file + " is not a file; give the path of the PEM file"));
    } else if (!Files.isReadable(file)) {
      problems.add(at.apply(key + ": " + file + " cannot be read by this user; run ferry as root or fix its"
          + " permissions"));
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Writing

  /**
   * Writes this configuration as commented, canonical YAML (keys in documentation order, unset keys as
   * comments), atomically: a temporary file in the same folder, fsync, rename, fsync of the folder. The
   * file gets mode 0640 where the file system has POSIX permissions. {@code read(file)} gives back this
   * configuration (with {@code file} = the path read); relative paths are written as they are and read
   * back relative to {@code file}'s folder.
   */
  public void write(Path file) throws IOException {
    AtomicFiles.write(file, toYaml().getBytes(StandardCharsets.UTF_8), "rw-r-----");
  }

  /** The text {@link #write} writes. */
  public String toYaml() {
    StringBuilder y = new StringBuilder();
    y.append("# Ferry customer configuration: how this host runs the stack.\n");
    y.append("# Reference: docs/onprem/customer-config.md. Check it with: ferry plan BUNDLE --config FILE\n");
    y.append("\n# The stack this host runs; must match the bundle.\n");
    y.append("stack: ").append(YamlText.scalar(stack)).append('\n');
    y.append("\n# The release this host should run; deploy refuses a bundle of another release.\n");
    optional(y, "", "release", release == null ? null : YamlText.scalar(release), "not set: any release");
    y.append("\n# Sizing profile of the stack (ferry plan lists them).\n");
    optional(y, "", "sizing", sizing == null ? null : YamlText.scalar(sizing), "not set: the stack's default");
    y.append("\n# Optional services (compose profiles) to enable.\n");
    y.append("profiles: ").append(YamlText.flowList(profiles)).append('\n');
    y.append("\n# DNS names of this host; the first is the primary name, shown in the stack's URL.\n");
    y.append("dns_names: ").append(YamlText.flowList(dnsNames)).append('\n');
    y.append("\nnetwork:\n");
    y.append("  # Address the published ports listen on: an IPv4 or IPv6 address, 0.0.0.0 for all.\n");
    optional(y, "  ", "bind_address", bindAddress == null ? null : YamlText.scalar(bindAddress),
        "not set: the stack's default");
    y.append("  # Published ports by name (1-65535); a port not listed keeps the stack's default.\n");
    if (ports.isEmpty()) {
      y.append("  ports: {}\n");
    } else {
      y.append("  ports:\n");
      ports.forEach((k, v) -> y.append("    ").append(YamlText.scalar(k)).append(": ").append(v).append('\n'));
    }
    y.append("\n# Extra compose variables; they override every other value.\n");
    if (environment.isEmpty()) {
      y.append("environment: {}\n");
    } else {
      y.append("environment:\n");
      environment.forEach((k, v) -> y.append("  ").append(YamlText.scalar(k)).append(": ")
          .append(YamlText.scalar(v)).append('\n'));
    }
    y.append("\n# The customer's TLS certificate and private key (PEM files on this host).\n");
    if (tlsCertificate == null && tlsKey == null) {
      y.append("#tls:                   # not set: the stack's own certificate\n");
      String folder = stack != null && ConfigValues.STACK_NAME.matcher(stack).matches() ? stack : "STACK";
      y.append("#  certificate: /etc/ssl/").append(folder).append("/tls.crt\n");
      y.append("#  key: /etc/ssl/").append(folder).append("/tls.key\n");
    } else {
      y.append("tls:\n");
      optional(y, "  ", "certificate", tlsCertificate == null ? null : YamlText.scalar(tlsCertificate.toString()),
          "missing");
      optional(y, "  ", "key", tlsKey == null ? null : YamlText.scalar(tlsKey.toString()), "missing");
    }
    y.append("\n# Backups: the file share, the time of the nightly backup, retention.\n");
    if (backup == null) {
      BackupSettings.appendUnsetYaml(y);
    } else {
      backup.appendYaml(y);
    }
    y.append("\n# Where the stack's data comes from when its volumes are empty: vanilla (the bundle's data) or\n");
    y.append("# backup (the newest snapshot on the backup share that verifies, or the one named by snapshot).\n");
    y.append("data:\n  source: ").append(YamlText.scalar(dataSource)).append('\n');
    optional(y, "  ", "snapshot", dataSnapshot == null ? null : YamlText.scalar(dataSnapshot),
        BACKUP_DATA_SOURCE.equals(dataSource) ? "not set: the newest that verifies" : "only with source: backup");
    y.append("\n# Where Ferry keeps the rendered project and its records.\n");
    optional(y, "", "state_dir", stateDir == null ? null : YamlText.scalar(stateDir.toString()),
        "not set: " + DEFAULT_STATE_DIR);
    return y.toString();
  }

  private static void optional(StringBuilder y, String indent, String key, String value, String unsetNote) {
    if (value != null) {
      y.append(indent).append(key).append(": ").append(value).append('\n');
    } else {
      String line = indent + "#" + key + ":";
      y.append(line).append(" ".repeat(Math.max(1, 24 - line.length()))).append("# ").append(unsetNote).append('\n');
    }
  }
}

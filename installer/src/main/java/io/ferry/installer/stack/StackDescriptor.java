package io.ferry.installer.stack;

import io.ferry.installer.stack.YamlTree.Mapping;
import io.ferry.installer.stack.YamlTree.YamlProblem;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The stack descriptor (stack.yaml) as the installer needs it: how to size, configure, restore,
 * migrate, check and present the stack. Read from the copy carried in the bundle; the reference is
 * docs/onprem/stack-descriptor.md. The bundler reads the same file for name, compose file, config
 * defaults, vanilla data and extra files, and refuses unknown top-level keys.
 *
 * <p>Nullable components: {@code dnsNameVariable}, {@code database}, {@code vanillaDatabase},
 * {@code migrations}, {@code configDefaults}, {@code tls}, {@code bindAddressVariable}, {@code url}.
 * {@code vendor} is "" when not given. Collections are unmodifiable and keep the descriptor's order.
 * Immutable and thread-safe.
 */
public record StackDescriptor(
    String name,
    String product,
    String vendor,
    String composeFile,
    String project,
    Sizing sizing,
    String dnsNameVariable,
    DatabaseSpec database,
    List<String> dataVolumes,
    String vanillaDatabase,
    Map<String, String> vanillaVolumes,
    Migrations migrations,
    int healthTimeoutSeconds,
    String configDefaults,
    TlsSpec tls,
    Map<String, PortSpec> ports,
    String bindAddressVariable,
    String url) {

  /** The descriptor's name inside the stack folder and the bundle. */
  public static final String FILE_NAME = "stack.yaml";
  /** Health timeout when the descriptor sets none. */
  public static final int DEFAULT_HEALTH_TIMEOUT_SECONDS = 180;
  /** The compose variable Ferry always sets to the release (as the bundler did when it built). */
  public static final String RELEASE_VARIABLE = "FERRY_RELEASE";

  /** Top-level keys, in documentation order; the bundler checks the same set. */
  public static final List<String> KNOWN_KEYS = List.of(
      "name", "product", "vendor", "compose", "project", "sizing", "dns_name_variable", "data", "vanilla",
      "migrations", "health", "config", "files", "tls", "ports", "bind_address_variable", "url");

  static final Pattern STACK_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  // docker compose v2 accepts only these as project names (v1 would silently strip other characters).
  static final Pattern PROJECT_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
  static final Pattern SIMPLE_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  static final Pattern FILE_IN_FOLDER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");

  public StackDescriptor {
    vendor = vendor == null ? "" : vendor;
    dataVolumes = dataVolumes == null ? List.of() : List.copyOf(dataVolumes);
    vanillaVolumes = unmodifiable(vanillaVolumes);
    ports = unmodifiable(ports);
  }

  private static <V> Map<String, V> unmodifiable(Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  /**
   * What a bundle without stack.yaml means: project = name, compose.yaml, health timeout 180 s,
   * one sizing profile "default" without requirements or variables, and nothing else.
   */
  public static StackDescriptor defaultsFor(String stackName) {
    return new StackDescriptor(stackName, stackName, "", "compose.yaml", projectFor(stackName), Sizing.unsized(),
        null, null, List.of(), null, Map.of(), null, DEFAULT_HEALTH_TIMEOUT_SECONDS, null, null, Map.of(), null,
        null);
  }

  private static String projectFor(String stackName) {
    // A stack name may contain '.', a compose project name may not.
    return stackName.replace('.', '-');
  }

  /** The sizing profile called {@code name} (null: the default); IllegalArgumentException lists valid names. */
  public SizingProfile sizingProfile(String name) {
    return sizing.profile(name);
  }

  /**
   * Parses the descriptor's bytes.
   *
   * @param sourceName how messages name the file, e.g. "acd-demo-1.0.0.ferry:stack.yaml"
   * @throws DescriptorException "<sourceName> line N: ..." naming the key path and the fix
   */
  public static StackDescriptor parse(byte[] yaml, String sourceName) throws DescriptorException {
    try {
      return parse(YamlTree.parse(yaml, sourceName));
    } catch (YamlProblem e) {
      throw new DescriptorException(e.getMessage());
    }
  }

  private static StackDescriptor parse(Mapping doc) throws YamlProblem {
    doc.allowOnly(KNOWN_KEYS);
    String name = doc.requiredText("name", "the stack's name ([a-z0-9_.-], e.g. acd-demo)");
    if (!STACK_NAME.matcher(name).matches()) {
      throw doc.problem("name", "name '" + name + "' may use only a-z, 0-9, '_', '.' and '-', starting with a"
          + " letter or digit");
    }
    String product = orElse(doc.text("product", "the product's name as customers know it"), name);
    String vendor = orElse(doc.text("vendor", "the vendor's name"), "");
    String compose = orElse(doc.text("compose", "the compose file's path in the stack folder"), "compose.yaml");
    String project = doc.text("project", "a compose project name ([a-z0-9_-])");
    if (project == null) {
      project = projectFor(name);
    } else if (!PROJECT_NAME.matcher(project).matches()) {
      throw doc.problem("project", "project '" + project + "' is not a valid compose project name: use only"
          + " a-z, 0-9, '_' and '-', starting with a letter or digit");
    }
    Sizing sizing = sizing(doc);
    String dnsVariable = variable(doc, "dns_name_variable");
    String bindVariable = variable(doc, "bind_address_variable");

    DatabaseSpec database = null;
    List<String> dataVolumes = List.of();
    Mapping data = doc.mapping("data", "a mapping with 'database' and/or 'volumes'");
    if (data != null) {
      data.allowOnly(List.of("database", "volumes"));
      database = database(data);
      dataVolumes = names(data, "volumes", "a list of compose volume names, e.g. [prompts, reports]");
    }

    String vanillaDatabase = null;
    Map<String, String> vanillaVolumes = new LinkedHashMap<>();
    Mapping vanilla = doc.mapping("vanilla", "a mapping with 'database' and/or 'volumes'");
    if (vanilla != null) {
      vanilla.allowOnly(List.of("database", "volumes"));
      vanillaDatabase = vanilla.text("database", "the path of the vanilla database dump in the stack folder");
      if (vanillaDatabase != null && database == null) {
        throw vanilla.problem("database", "vanilla.database is set but data.database is not: say which service"
            + " restores it under data.database");
      }
      Map<String, String> volumes = vanilla.textMap("volumes", "a mapping of volume names to folders");
      for (Map.Entry<String, String> v : volumes.entrySet()) {
        if (!dataVolumes.contains(v.getKey())) {
          Mapping m = vanilla.mapping("volumes", "");
          throw m.problem(v.getKey(), "vanilla.volumes." + v.getKey() + " is not listed in data.volumes; add '"
              + v.getKey() + "' there so that it is backed up and restored like the vanilla data");
        }
      }
      vanillaVolumes.putAll(volumes);
    }

    Migrations migrations = null;
    Mapping m = doc.mapping("migrations", "a mapping with 'service' and 'command'");
    if (m != null) {
      m.allowOnly(List.of("service", "command"));
      String service = m.requiredText("service", "the compose service that runs the migrations, e.g. web");
      List<String> command = m.textList("command", "a list of arguments, e.g. [/app/migrate.sh]");
      migrations = new Migrations(service, command);
    }

    int health = DEFAULT_HEALTH_TIMEOUT_SECONDS;
    Mapping h = doc.mapping("health", "a mapping with 'timeout_seconds'");
    if (h != null) {
      h.allowOnly(List.of("timeout_seconds"));
      Long t = h.wholeNumber("timeout_seconds", 1, 86_400);
      health = t == null ? health : t.intValue();
    }

    String configDefaults = null;
    Mapping config = doc.mapping("config", "a mapping with 'defaults'");
    if (config != null) {
      config.allowOnly(List.of("defaults"));
      configDefaults = config.text("defaults", "the path of the KEY=value defaults file in the stack folder");
    }

    // Read by the bundler only; checked here so that a bad type names its line.
    doc.textList("files", "a list of paths relative to the stack folder");

    TlsSpec tls = tls(doc);
    Map<String, PortSpec> ports = ports(doc);
    String url = doc.text("url", "the URL shown after deploy, e.g. \"https://${ACD_DNS_NAME}/\"");

    checkDistinct(doc, dnsVariable, bindVariable, tls, ports);
    return new StackDescriptor(name, product, vendor, compose, project, sizing, dnsVariable, database, dataVolumes,
        vanillaDatabase, vanillaVolumes, migrations, health, configDefaults, tls, ports, bindVariable, url);
  }

  private static Sizing sizing(Mapping doc) throws YamlProblem {
    Mapping sizing = doc.mapping("sizing", "a mapping with 'default' and 'profiles'");
    if (sizing == null) {
      return Sizing.unsized();
    }
    sizing.allowOnly(List.of("default", "profiles"));
    Map<String, Mapping> raw = sizing.mappings("profiles", "a mapping of profile names to their settings",
        "a mapping with description, cpus, memory_mb and env");
    if (raw.isEmpty()) {
      throw sizing.missing("profiles", "list at least one profile, e.g. small: {cpus: 2, memory_mb: 2048}");
    }
    Map<String, SizingProfile> profiles = new LinkedHashMap<>();
    for (Map.Entry<String, Mapping> e : raw.entrySet()) {
      String profileName = e.getKey();
      Mapping p = e.getValue();
      if (!SIMPLE_NAME.matcher(profileName).matches()) {
        throw sizing.mapping("profiles", "").problem(profileName, "the profile name '" + profileName + "' may use"
            + " only a-z, 0-9, '_', '.' and '-'");
      }
      p.allowOnly(List.of("description", "cpus", "memory_mb", "env"));
      Long cpus = p.wholeNumber("cpus", 0, 4096);
      Long memory = p.wholeNumber("memory_mb", 0, Long.MAX_VALUE);
      Map<String, String> env = p.textMap("env", "a mapping of compose variables to values");
      Mapping envMapping = p.mapping("env", "");
      for (String variable : env.keySet()) {
        if (!VARIABLE.matcher(variable).matches()) {
          throw envMapping.problem(variable, envMapping.full(variable) + ": '" + variable + "' is not a valid"
              + " variable name (letters, digits and '_', not starting with a digit)");
        }
        if (RELEASE_VARIABLE.equals(variable)) {
          throw envMapping.problem(variable, envMapping.full(variable) + ": " + RELEASE_VARIABLE
              + " is set by Ferry to the release; remove it");
        }
      }
      profiles.put(profileName, new SizingProfile(profileName,
          orElse(p.text("description", "a short text, e.g. \"up to 25 agents\""), ""),
          cpus == null ? 0 : cpus.intValue(), memory == null ? 0 : memory, env));
    }
    String def = sizing.text("default", "the name of one of the profiles");
    if (def == null) {
      def = profiles.keySet().iterator().next();
    } else if (!profiles.containsKey(def)) {
      throw sizing.problem("default", "sizing.default '" + def + "' is not one of the profiles ("
          + String.join(", ", profiles.keySet()) + ")");
    }
    return new Sizing(def, profiles);
  }

  private static DatabaseSpec database(Mapping data) throws YamlProblem {
    Mapping db = data.mapping("database", "a mapping with service, engine, dump, restore and is_empty");
    if (db == null) {
      return null;
    }
    db.allowOnly(List.of("service", "engine", "dump", "restore", "is_empty"));
    String service = db.requiredText("service", "the compose service that runs the database, e.g. db");
    String engine = orElse(db.text("engine", "the database engine, e.g. postgresql"), "");
    List<String> dump = command(db, "dump", "the command that writes a dump to stdout, e.g. [pg_dump, -U, app, app]");
    List<String> restore = command(db, "restore", "the command that reads a dump from stdin, e.g. [psql, -U, app]");
    List<String> isEmpty = db.textList("is_empty", "a command that prints 0 when the database is empty");
    return new DatabaseSpec(service, engine, dump, restore, isEmpty);
  }

  private static List<String> command(Mapping m, String key, String expected) throws YamlProblem {
    List<String> command = m.textList(key, "a list of arguments: " + expected);
    if (command == null || command.isEmpty()) {
      throw m.missing(key, "set it to " + expected);
    }
    return command;
  }

  private static List<String> names(Mapping m, String key, String expected) throws YamlProblem {
    List<String> names = m.textList(key, expected);
    if (names == null) {
      return List.of();
    }
    for (String n : names) {
      if (!SIMPLE_NAME.matcher(n).matches()) {
        throw m.problem(key, m.full(key) + ": '" + n + "' is not a compose volume name (a-z, 0-9, '_', '.', '-')");
      }
    }
    return names;
  }

  private static TlsSpec tls(Mapping doc) throws YamlProblem {
    Mapping tls = doc.mapping("tls", "a mapping with directory_variable, certificate and key");
    if (tls == null) {
      return null;
    }
    tls.allowOnly(List.of("directory_variable", "certificate", "key"));
    String variable = variable(tls, "directory_variable");
    if (variable == null) {
      throw tls.missing("directory_variable", "name the compose variable that holds the TLS folder, e.g. ACD_TLS_DIR");
    }
    return new TlsSpec(variable, fileName(tls, "certificate", "tls.crt"), fileName(tls, "key", "tls.key"));
  }

  private static String fileName(Mapping m, String key, String fallback) throws YamlProblem {
    String name = orElse(m.text(key, "a file name such as " + fallback), fallback);
    if (!FILE_IN_FOLDER.matcher(name).matches()) {
      throw m.problem(key, m.full(key) + " must be a plain file name such as " + fallback + " (found: " + name + ")");
    }
    return name;
  }

  private static Map<String, PortSpec> ports(Mapping doc) throws YamlProblem {
    Map<String, Mapping> raw = doc.mappings("ports", "a mapping of port names to their settings",
        "a mapping with variable, default and service");
    Map<String, PortSpec> ports = new LinkedHashMap<>();
    for (Map.Entry<String, Mapping> e : raw.entrySet()) {
      Mapping p = e.getValue();
      if (!SIMPLE_NAME.matcher(e.getKey()).matches()) {
        throw doc.mapping("ports", "").problem(e.getKey(), "the port name '" + e.getKey() + "' may use only a-z,"
            + " 0-9, '_', '.' and '-'");
      }
      p.allowOnly(List.of("variable", "default", "service"));
      String variable = variable(p, "variable");
      if (variable == null) {
        throw p.missing("variable", "name the compose variable that holds this port, e.g. ACD_HTTPS_PORT");
      }
      Long port = p.wholeNumber("default", 1, 65_535);
      if (port == null) {
        throw p.missing("default", "give the port used when the customer configuration sets none, e.g. 8443");
      }
      String service = p.text("service", "the compose service that publishes the port");
      ports.put(e.getKey(), new PortSpec(e.getKey(), variable, port.intValue(), service));
    }
    return ports;
  }

  private static String variable(Mapping m, String key) throws YamlProblem {
    String v = m.text(key, "a compose variable name such as ACD_DNS_NAME");
    if (v == null) {
      return null;
    }
    if (!VARIABLE.matcher(v).matches()) {
      throw m.problem(key, m.full(key) + " must be a compose variable name (letters, digits and '_', not starting"
          + " with a digit), found: " + v);
    }
    if (RELEASE_VARIABLE.equals(v)) {
      throw m.problem(key, m.full(key) + " cannot be " + RELEASE_VARIABLE + ": Ferry sets it to the release");
    }
    return v;
  }

  /** Each value Ferry derives needs its own variable, or one would silently overwrite another. */
  private static void checkDistinct(Mapping doc, String dnsVariable, String bindVariable, TlsSpec tls,
      Map<String, PortSpec> ports) throws YamlProblem {
    Map<String, String> owner = new LinkedHashMap<>();
    claim(doc, owner, dnsVariable, "dns_name_variable", "dns_name_variable");
    claim(doc, owner, bindVariable, "bind_address_variable", "bind_address_variable");
    if (tls != null) {
      claim(doc, owner, tls.directoryVariable(), "tls.directory_variable", "tls");
    }
    for (PortSpec p : ports.values()) {
      claim(doc, owner, p.variable(), "ports." + p.name() + ".variable", "ports");
    }
  }

  private static void claim(Mapping doc, Map<String, String> owner, String variable, String path, String topKey)
      throws YamlProblem {
    if (variable == null) {
      return;
    }
    String earlier = owner.putIfAbsent(variable, path);
    if (earlier != null) {
      throw doc.problem(topKey, path + " uses " + variable + ", which " + earlier + " uses already; give each"
          + " setting its own variable");
    }
  }

  private static String orElse(String value, String fallback) {
    return value == null ? fallback : value;
  }
}

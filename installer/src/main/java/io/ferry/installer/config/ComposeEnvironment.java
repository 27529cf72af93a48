package io.ferry.installer.config;

import io.ferry.installer.stack.PortSpec;
import io.ferry.installer.stack.StackDescriptor;
import io.ferry.installer.stack.TlsSpec;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compose variables of this host: what the bundle's defaults, the sizing profile, Ferry and the
 * customer configuration make of them, and the env file that hands them to docker compose.
 * Stateless and thread-safe.
 */
public final class ComposeEnvironment {
  /** The folder under the project directory that receives the customer's certificate and key. */
  public static final String TLS_FOLDER = "tls";

  private ComposeEnvironment() {}

  /**
   * The compose variables for this host, lowest precedence first:
   * <ol>
   *   <li>the bundle's config defaults ({@code defaultsEnvText}: KEY=value lines; null when the bundle has
   *       none),
   *   <li>the sizing profile's {@code env} (the customer's {@code sizing}, else the descriptor's default),
   *   <li>what Ferry derives: {@code FERRY_RELEASE} = {@code release}; the descriptor's
   *       {@code dns_name_variable} = the primary DNS name; {@code bind_address_variable} = the bind
   *       address; each port's variable = the customer's port, else the port's default;
   *       {@code tls.directory_variable} = {@code <projectDir>/tls} when a certificate is configured,
   *   <li>the customer's {@code environment}.
   * </ol>
   * A later layer replaces the value but keeps the variable's first position, so the order is stable.
   * Files are not checked here (see {@link CustomerConfig#validateAgainst}).
   *
   * @param projectDir the folder of the rendered compose project on this host (absolute)
   * @return the variables in a stable order (unmodifiable)
   * @throws ConfigException when the configuration does not fit the descriptor, the defaults are not
   *     KEY=value lines, or a value cannot be written to an env file
   */
  public static Map<String, String> render(StackDescriptor d, String defaultsEnvText, CustomerConfig c,
      String release, Path projectDir) throws ConfigException {
    List<String> problems = c.problems(d, false);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    if (release == null || release.isBlank()) {
      throw new IllegalArgumentException("release is required");
    }
    Map<String, String> env = new LinkedHashMap<>();
    Map<String, String> origin = new LinkedHashMap<>();
    if (defaultsEnvText != null) {
      String source = "the bundle's " + (d.configDefaults() == null ? "config defaults" : d.configDefaults());
      parseDefaults(defaultsEnvText, source).forEach((k, v) -> put(env, origin, k, v, source));
    }
    String profile = c.sizing() == null ? d.sizing().defaultProfile() : c.sizing();
    d.sizing().profile(profile).env()
        .forEach((k, v) -> put(env, origin, k, v, "sizing profile '" + profile + "' of the stack descriptor"));

    put(env, origin, StackDescriptor.RELEASE_VARIABLE, release, "the bundle's release");
    if (d.dnsNameVariable() != null && c.primaryDnsName() != null) {
      put(env, origin, d.dnsNameVariable(), c.primaryDnsName(), c.sourceName() + " dns_names");
    }
    if (d.bindAddressVariable() != null && c.bindAddress() != null) {
      put(env, origin, d.bindAddressVariable(), c.bindAddress(), c.sourceName() + " network.bind_address");
    }
    for (PortSpec p : d.ports().values()) {
      Integer port = c.ports().get(p.name());
      put(env, origin, p.variable(), String.valueOf(port == null ? p.defaultPort() : port),
          port == null ? "the stack descriptor's ports." + p.name() : c.sourceName() + " network.ports." + p.name());
    }
    TlsSpec tls = d.tls();
    if (tls != null && c.tlsCertificate() != null) {
      put(env, origin, tls.directoryVariable(), projectDir.resolve(TLS_FOLDER).toString(), "Ferry (tls)");
    }
    c.environment().forEach((k, v) -> put(env, origin, k, v, c.sourceName() + " environment." + k));

    for (Map.Entry<String, String> e : env.entrySet()) {
      String problem = EnvFileFormat.problem(e.getValue());
      if (problem != null) {
        problems.add(origin.get(e.getKey()) + ": " + e.getKey() + ": " + problem);
      }
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return Collections.unmodifiableMap(env);
  }

  private static void put(Map<String, String> env, Map<String, String> origin, String key, String value,
      String source) {
    env.put(key, value);
    origin.put(key, source);
  }

  /**
   * Reads KEY=value lines as the bundler does (and as both compose versions agree on): blank lines and
   * {@code #} comments are skipped, {@code export } is allowed, one pair of surrounding quotes is removed,
   * nothing is interpolated.
   */
  static Map<String, String> parseDefaults(String text, String source) throws ConfigException {
    Map<String, String> env = new LinkedHashMap<>();
    String[] lines = text.split("\r\n|\n|\r", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (n == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("export ")) {
        line = line.substring(7).strip();
      }
      int eq = line.indexOf('=');
      String key = eq < 0 ? "" : line.substring(0, eq).strip();
      if (eq <= 0 || !ConfigValues.VARIABLE.matcher(key).matches()) {
        throw new ConfigException(source + " line " + (n + 1) + ": expected KEY=value, found '" + line
            + "'; the vendor must fix this file in the next release");
      }
      String value = line.substring(eq + 1).strip();
      if (value.length() >= 2
          && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
        value = value.substring(1, value.length() - 1);
      }
      env.put(key, value);
    }
    return env;
  }

  /**
   * The variables as an env file (for {@code --env-file} or the project's {@code .env}): one
   * {@code KEY=value} line each, in the map's order, quoted so that docker-compose v1 (1.29) and docker
   * compose v2 read back exactly these values (see {@link ConfigValues#variableValue}). Note that both
   * let a variable of the process environment win over the file: run compose with a clean environment.
   *
   * @throws IllegalArgumentException for a bad name or a value that cannot be written that way (a line
   *     break, '${', ...); {@link #render} reports those as a {@link ConfigException} first
   */
  public static String toEnvFile(Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, String> e : env.entrySet()) {
      if (!ConfigValues.VARIABLE.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException("'" + e.getKey() + "' is not a variable name");
      }
      String value = e.getValue() == null ? "" : e.getValue();
      try {
        out.append(e.getKey()).append('=').append(EnvFileFormat.encode(value)).append('\n');
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException(e.getKey() + ": " + ex.getMessage(), ex);
      }
    }
    return out.toString();
  }

  /**
   * Expands {@code ${VAR}}, {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:+alt}},
   * {@code ${VAR+alt}}, {@code $VAR} and {@code $$} (a literal {@code $}) in {@code template}, as compose
   * does; {@code ${VAR:?msg}} yields the value or "". An unset variable expands to "". Text that is not
   * valid syntax (e.g. an unclosed {@code ${}) is kept as it is. Used for the descriptor's {@code url}.
   */
  public static String interpolate(String template, Map<String, String> env) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != '$' || i + 1 >= template.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = template.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '{') {
        int close = closingBrace(template, i + 2);
        String expanded = close < 0 ? null : expand(template.substring(i + 2, close), env);
        if (expanded == null) {
          out.append(c);
          i++;
        } else {
          out.append(expanded);
          i = close + 1;
        }
      } else if (Character.isLetter(next) || next == '_') {
        int end = i + 1;
        while (end < template.length() && isNamePart(template.charAt(end))) {
          end++;
        }
        out.append(env.getOrDefault(template.substring(i + 1, end), ""));
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  private static int closingBrace(String text, int from) {
    int depth = 1;
    for (int i = from; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  /** The expansion of a {@code ${...}} body, or null when it is not valid syntax. */
  private static String expand(String body, Map<String, String> env) {
    int end = 0;
    while (end < body.length() && isNamePart(body.charAt(end))) {
      end++;
    }
    String name = body.substring(0, end);
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return null;
    }
    String value = env.get(name);
    if (end == body.length()) {
      return value == null ? "" : value;
    }
    String op = body.substring(end);
    boolean colon = op.startsWith(":");
    String rest = colon ? op.substring(1) : op;
    if (rest.isEmpty()) {
      return null;
    }
    boolean missing = colon ? value == null || value.isEmpty() : value == null;
    String arg = interpolate(rest.substring(1), env);
    return switch (rest.charAt(0)) {
      case '-' -> missing ? arg : value;
      case '+' -> missing ? "" : arg;
      case '?' -> missing ? "" : value;
      default -> null;
    };
  }

  private static boolean isNamePart(char c) {
    return Character.isLetterOrDigit(c) || c == '_';
  }

  /**
   * The published ports as the rendered environment sets them (the customer's {@code environment} may
   * override a port variable), by the descriptor's port names; for preflight's "port free" check.
   *
   * @throws ConfigException when a port variable does not hold a port number
   */
  public static Map<String, Integer> publishedPorts(StackDescriptor d, Map<String, String> env)
      throws ConfigException {
    Map<String, Integer> ports = new LinkedHashMap<>();
    for (PortSpec p : d.ports().values()) {
      String value = env.get(p.variable());
      int port;
      try {
        port = value == null ? p.defaultPort() : Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        throw new ConfigException(p.variable() + " is '" + value + "', not a port number; set network.ports."
            + p.name() + " in the customer configuration instead of overriding " + p.variable());
      }
      if (ConfigValues.port(port).isPresent()) {
        throw new ConfigException(p.variable() + " is " + port + ", not a port from 1 to 65535");
      }
      ports.put(p.name(), port);
    }
    return Collections.unmodifiableMap(ports);
  }
}

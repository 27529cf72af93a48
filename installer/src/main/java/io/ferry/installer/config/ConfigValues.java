package io.ferry.installer.config;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks of single values of the customer configuration, shared by the file reader, the wizard (to
 * check a field as it is typed) and {@link CustomerConfig#validateAgainst}. Each returns the problem
 * as a sentence that says what is wrong and what to write instead, or empty when the value is fine.
 * Stateless and thread-safe; never touches the network (no DNS look-ups).
 */
public final class ConfigValues {
  static final Pattern STACK_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  static final Pattern PROFILE_NAME = Pattern.compile("[a-z0-9_-]+");
  static final Pattern SIZING_NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]*");
  static final Pattern RELEASE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.+-]*");
  static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

  private ConfigValues() {}

  /** A stack name as the bundler accepts it: a-z, 0-9, '_', '.', '-'. */
  public static Optional<String> stackName(String name) {
    return STACK_NAME.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + name + "' is not a stack name: use the name the bundle shows (a-z, 0-9, '_', '.', '-'),"
            + " e.g. acd-demo");
  }

  /** A release as bundles name them, e.g. 1.0.1 or 2024.06-hotfix1. */
  public static Optional<String> release(String release) {
    return RELEASE.matcher(release).matches() ? Optional.empty()
        : Optional.of("'" + release + "' is not a release: write it as the bundle names it, e.g. 1.0.1 (letters,"
            + " digits, '.', '_', '+', '-')");
  }

  /** A sizing profile name (whether the stack has it is checked against the descriptor). */
  public static Optional<String> sizingName(String name) {
    return SIZING_NAME.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + name + "' is not a sizing profile name: write one of the stack's profiles, e.g. medium");
  }

  /** A compose profile name. */
  public static Optional<String> profileName(String name) {
    return PROFILE_NAME.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + name + "' is not a compose profile name: use only a-z, 0-9, '_' and '-', e.g. reports");
  }

  /** A host name as RFC 1123 allows it (an IPv4 address is accepted too), without scheme, port or path. */
  public static Optional<String> dnsName(String name) {
    String problem = dnsNameProblem(name);
    return problem == null ? Optional.empty() : Optional.of("'" + name + "' is not a valid DNS name: " + problem);
  }

  private static String dnsNameProblem(String name) {
    if (name.isBlank()) {
      return "it is empty; write the host name users type, e.g. acd.customer.example";
    }
    int scheme = name.indexOf("://");
    if (scheme >= 0) {
      return "write the host name only, without " + name.substring(0, scheme + 3) + " or a path";
    }
    if (name.indexOf('/') >= 0) {
      return "write the host name only, without a path";
    }
    if (name.indexOf(':') >= 0) {
      return "write the host name only; ports go under network.ports";
    }
    if (name.indexOf('*') >= 0) {
      return "wildcards are not host names; write the name users type, e.g. acd.customer.example";
    }
    if (name.endsWith(".")) {
      return "write it without the trailing dot: " + name.substring(0, name.length() - 1);
    }
    if (isIpv4(name)) {
      return null;
    }
    if (name.length() > 253) {
      return "it is longer than 253 characters";
    }
    for (String label : name.split("\\.", -1)) {
      if (label.isEmpty()) {
        return "it has an empty part between dots";
      }
      if (label.length() > 63) {
        return "the part '" + label + "' is longer than 63 characters";
      }
      if (label.indexOf('_') >= 0) {
        return "'_' is not allowed in host names; use '-' instead (" + name.replace('_', '-') + ")";
      }
      if (label.chars().anyMatch(Character::isWhitespace)) {
        return "it contains a space; list several names as separate items: [a.example, b.example]";
      }
      if (!LABEL.matcher(label).matches()) {
        return "the part '" + label + "' may use only letters a-z, digits and '-', and may not begin or end with"
            + " '-' (write internationalized names in their xn-- form)";
      }
    }
    return null;
  }

  /** A published port: 1 to 65535. */
  public static Optional<String> port(long port) {
    return port >= 1 && port <= 65_535 ? Optional.empty()
        : Optional.of(port + " is not a port number: use a whole number from 1 to 65535, e.g. 443");
  }

  /** An address to publish ports on: an IPv4 or IPv6 literal, e.g. 0.0.0.0, 192.0.2.10 or ::. */
  public static Optional<String> bindAddress(String address) {
    if (isIpv4(address) || isIpv6(address)) {
      return Optional.empty();
    }
    String fix;
    if (address.startsWith("[") && address.endsWith("]") && isIpv6(address.substring(1, address.length() - 1))) {
      fix = "write it without brackets: " + address.substring(1, address.length() - 1);
    } else if (address.matches("[0-9.]+")) {
      fix = "an IPv4 address has four numbers from 0 to 255 without leading zeros, e.g. 192.0.2.10";
    } else if (address.equals("localhost")) {
      fix = "write 127.0.0.1 instead";
    } else if (address.indexOf('%') >= 0) {
      fix = "interface zones (%...) are not supported; write the address alone";
    } else {
      fix = "write an IPv4 or IPv6 address, not a host name: 0.0.0.0 (all addresses), 127.0.0.1 or e.g."
          + " 192.0.2.10";
    }
    return Optional.of("'" + address + "' is not an IP address: " + fix);
  }

  /** A compose variable name: letters, digits, '_', not starting with a digit. */
  public static Optional<String> variableName(String name) {
    return VARIABLE.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + name + "' is not a variable name: use letters, digits and '_', not starting with a digit,"
            + " e.g. SMTP_RELAY");
  }

  /**
   * A compose variable's value: one line that docker-compose v1 and docker compose v2 read the same
   * way from the env file Ferry writes (see {@link ComposeEnvironment#toEnvFile}).
   */
  public static Optional<String> variableValue(String value) {
    String problem = EnvFileFormat.problem(value);
    return problem == null ? Optional.empty() : Optional.of(problem);
  }

  /** Dotted quad, each part 0-255 written without leading zeros. */
  public static boolean isIpv4(String s) {
    String[] parts = s.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String p : parts) {
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')
          || p.length() > 1 && p.charAt(0) == '0' || Integer.parseInt(p) > 255) {
        return false;
      }
    }
    return true;
  }

  /** An IPv6 literal (RFC 4291 text form, '::' at most once, optional trailing IPv4), no brackets or zone. */
  public static boolean isIpv6(String s) {
    if (s.isEmpty() || s.indexOf(':') < 0) {
      return false;
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String head = gap >= 0 ? s.substring(0, gap) : s;
    String tail = gap >= 0 ? s.substring(gap + 2) : "";
    int groups = 0;
    String[] headGroups = head.isEmpty() ? new String[0] : head.split(":", -1);
    String[] tailGroups = tail.isEmpty() ? new String[0] : tail.split(":", -1);
    String[][] sides = {headGroups, tailGroups};
    for (int side = 0; side < 2; side++) {
      String[] g = sides[side];
      for (int i = 0; i < g.length; i++) {
        boolean last = i == g.length - 1 && (side == 1 || gap < 0);
        if (last && g[i].indexOf('.') >= 0) {
          if (!isIpv4(g[i])) {
            return false;
          }
          groups += 2;
        } else if (HEX_GROUP.matcher(g[i]).matches()) {
          groups++;
        } else {
          return false;
        }
      }
    }
    return gap >= 0 ? groups <= 7 : groups == 8;
  }
}

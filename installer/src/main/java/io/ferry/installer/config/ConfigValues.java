package io.ferry.installer.config;

import io.ferry.installer.share.Shares;
import java.time.LocalTime;
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
  private static final Pattern TIME_OF_DAY = Pattern.compile("([01]?[0-9]|2[0-3]):([0-5][0-9])");
  static final Pattern SNAPSHOT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:+-]{0,199}");
  /** Characters Windows forbids in share names, and those that would change the meaning of a UNC path. */
  private static final String SMB_SHARE_FORBIDDEN = "\"/\\[]:|<>+=;,?*";
  /** The value of {@code backup.schedule} that turns the nightly backup off. */
  public static final String SCHEDULE_OFF = "off";

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

  /**
   * A file server: a host name or an IPv4/IPv6 address, without "//", share, port or user. The
   * server is looked up when the share is opened, never here.
   */
  public static Optional<String> shareServer(String server) {
    String problem = null;
    if (server.startsWith("//") || server.startsWith("\\\\") || server.contains("://")) {
      problem = "write the server's name only, e.g. nas01.example.com; the share and folder have keys of their own";
    } else if (server.contains("@")) {
      problem = "write the server's name only; the user goes under 'user'";
    } else if (!isIpv6(server) && server.contains(":")) {
      problem = "write the server's name only; the port goes under 'port'";
    } else if (!isIpv6(server)) {
      problem = dnsNameProblem(server);
    }
    return problem == null ? Optional.empty()
        : Optional.of("'" + server + "' is not a server name: " + problem.replace("the host name users type",
            "the file server's name"));
  }

  /** An SMB share name as in \\server\share: no slashes and none of the characters Windows refuses. */
  public static Optional<String> smbShareName(String share) {
    if (share.isBlank()) {
      return Optional.of("the share name is empty; write it as in \\\\server\\share, e.g. backup");
    }
    if (share.length() > 80) {
      return Optional.of("'" + share + "' is longer than 80 characters, which SMB does not allow for a share name");
    }
    for (int i = 0; i < share.length(); i++) {
      char c = share.charAt(i);
      if (c < 0x20 || SMB_SHARE_FORBIDDEN.indexOf(c) >= 0) {
        return Optional.of("'" + share + "' is not a share name: " + (c == '/' || c == '\\'
            ? "write the share's name only (e.g. backup); a folder inside it goes under 'folder'"
            : "it contains " + (c < 0x20 ? "a control character" : "'" + c + "'") + ", which SMB does not allow"));
      }
    }
    return Optional.empty();
  }

  /** An SMB user name, without the domain (which has a key of its own). */
  public static Optional<String> smbUser(String user) {
    int slash = user.indexOf('\\');
    if (slash >= 0) {
      return Optional.of("'" + user + "' has a domain in it; write domain: " + user.substring(0, slash) + " and user: "
          + user.substring(slash + 1));
    }
    if (user.isBlank() || user.chars().anyMatch(c -> c < 0x20 || c == '/' || c == ':')) {
      return Optional.of("'" + user + "' is not a user name: write the account's name, e.g. svc-ferry");
    }
    return Optional.empty();
  }

  /** An SMB domain or workgroup ("" for an account local to the file server). */
  public static Optional<String> smbDomain(String domain) {
    return domain.chars().anyMatch(c -> c < 0x20 || c == '\\' || c == '/' || c == '@' || c == ':' || c == ' ')
        ? Optional.of("'" + domain + "' is not a domain name: write the user's Windows domain, e.g. EXAMPLE, or \"\""
            + " for an account of the file server itself")
        : Optional.empty();
  }

  /** An NFS export as the server lists it ({@code showmount -e}): an absolute path. */
  public static Optional<String> nfsExport(String export) {
    if (!export.startsWith("/") || export.contains("//") || export.chars().anyMatch(c -> c < 0x20)) {
      return Optional.of("'" + export + "' is not an export: write the path as 'showmount -e SERVER' lists it,"
          + " e.g. /srv/backup");
    }
    return Optional.empty();
  }

  /**
   * The folder inside a share or export that holds Ferry's data, as written in the configuration:
   * leading and trailing '/' are allowed (see {@link #shareFolderText}).
   */
  public static Optional<String> shareFolder(String folder) {
    return Shares.folderProblem(shareFolderText(folder)).map(p -> p + "; write a folder inside the share, e.g."
        + " ferry/acd (or \"\" for its top)");
  }

  /** The folder as the share layer takes it: "/ferry/acd/" is written naturally and means "ferry/acd". */
  public static String shareFolderText(String folder) {
    String f = folder.strip();
    while (f.startsWith("/")) {
      f = f.substring(1);
    }
    while (f.endsWith("/")) {
      f = f.substring(0, f.length() - 1);
    }
    return f;
  }

  /** A numeric NFS user or group id (AUTH_SYS sends 32 bits; Ferry's NFS client takes 0 to 2147483647). */
  public static Optional<String> nfsId(long id) {
    return id >= 0 && id <= Integer.MAX_VALUE ? Optional.empty()
        : Optional.of(id + " is not a user or group id: use the number 'id svc-ferry' shows on the server, from 0"
            + " to 2147483647");
  }

  /**
   * The daily time of the nightly backup: HH:MM on a 24-hour clock, or {@value #SCHEDULE_OFF}.
   *
   * @see #scheduleTime
   */
  public static Optional<String> schedule(String text) {
    return SCHEDULE_OFF.equals(text) || TIME_OF_DAY.matcher(text).matches() ? Optional.empty()
        : Optional.of("'" + text + "' is not a time of day: write HH:MM on a 24-hour clock in this host's local"
            + " time, e.g. \"02:00\" or \"23:30\", or off for no nightly backup");
  }

  /** The time a valid {@link #schedule} names; null for {@value #SCHEDULE_OFF}. */
  public static LocalTime scheduleTime(String text) {
    if (SCHEDULE_OFF.equals(text)) {
      return null;
    }
    var m = TIME_OF_DAY.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(schedule(text).orElseThrow());
    }
    return LocalTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  /** A snapshot's name as 'ferry backups' lists it. */
  public static Optional<String> snapshotName(String name) {
    return SNAPSHOT.matcher(name).matches() ? Optional.empty()
        : Optional.of("'" + name + "' is not a snapshot name: copy it from what 'ferry backups' lists, or remove"
            + " data.snapshot to restore the newest snapshot that verifies");
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

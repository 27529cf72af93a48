package io.ferry.installer.preflight;

import io.ferry.installer.config.ComposeEnvironment;
import io.ferry.installer.config.ConfigException;
import io.ferry.installer.preflight.HostProbe.PublishedPort;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Every port the stack publishes can be had on its bind address: Ferry binds it for a moment. A
 * port held by this stack's own container is fine (compose hands it over when it replaces the
 * container); a port held by another container or program is not.
 */
final class PortsCheck implements PreflightCheck {
  static final String NAME = "port";
  /** Where the ports are probed when the stack does not say: all addresses, the strictest probe. */
  static final String ANY = "0.0.0.0";

  @Override
  public List<CheckResult> run(PreflightContext context) {
    PreflightTarget t = context.target();
    Map<String, Integer> ports;
    try {
      ports = ComposeEnvironment.publishedPorts(t.descriptor(), t.env());
    } catch (ConfigException e) {
      return List.of(CheckResult.fail("ports", e.getMessage(), "correct " + Words.configFile(t.config())));
    }
    if (ports.isEmpty()) {
      return List.of(CheckResult.pass("ports", "the stack publishes no ports"));
    }
    String address = bindAddress(t);
    // Asked once: with the engine's userland proxy switched off, another container's port is not
    // bound on the host (iptables only), so the bind below would not see it, but compose would fail.
    List<PublishedPort> published = context.host().publishedPorts();
    List<CheckResult> results = new ArrayList<>();
    for (Map.Entry<String, Integer> e : ports.entrySet()) {
      String name = NAME + " " + e.getKey();
      int port = e.getValue();
      String where = address.contains(":") ? "[" + address + "]:" + port : address + ":" + port;
      List<PublishedPort> holders = published.stream()
          .filter(p -> p.port() == port && overlap(p.address(), address)).toList();
      Optional<PublishedPort> own = holders.stream().filter(p -> p.project().equals(t.project())).findFirst();
      Optional<PublishedPort> other = holders.stream().filter(p -> !p.project().equals(t.project())).findFirst();
      if (other.isPresent()) {
        PublishedPort p = other.get();
        String owner = p.project().isEmpty() ? "container " + p.container()
            : "container " + p.container() + " (compose project " + p.project() + ")";
        results.add(CheckResult.fail(name, where + " is in use by " + owner,
            "stop that container, or choose another port: " + portFix(t, e.getKey(), port)));
        continue;
      }
      Optional<String> problem = context.host().bindProblem(address, port);
      if (problem.isEmpty()) {
        results.add(CheckResult.pass(name, where + " is free"));
      } else if (!inUse(problem.get())) {
        results.add(notFree(t, e.getKey(), address, port, where, problem.get()));
      } else if (own.isPresent()) {
        PublishedPort p = own.get();
        results.add(CheckResult.pass(name, where + " is in use by " + t.project() + " " + p.service() + ", which this"
            + " deployment " + fate(t.serviceActions().get(p.service()))));
      } else {
        results.add(CheckResult.fail(name, where + " is in use by another program",
            "find it with 'ss -ltnp sport = :" + port + "' and stop it, or choose another port: "
                + portFix(t, e.getKey(), port)));
      }
    }
    return results;
  }

  /** Two listeners on one port clash when their addresses are the same or either is "all addresses". */
  static boolean overlap(String a, String b) {
    return a.equals(b) || isAny(a) || isAny(b);
  }

  private static boolean isAny(String address) {
    return address.isEmpty() || address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
  }

  private static boolean inUse(String problem) {
    return problem.toLowerCase(Locale.ROOT).contains("already in use");
  }

  private static CheckResult notFree(PreflightTarget t, String portName, String address, int port, String where,
      String problem) {
    String name = NAME + " " + portName;
    String lower = problem.toLowerCase(Locale.ROOT);
    if (lower.contains("assign requested address") || lower.contains("unknown host")
        || lower.contains("not known") || lower.contains("unresolved")) {
      return CheckResult.fail(name, "cannot listen on " + address + ": it is not an address of this host (" + problem
              + ")",
          Words.setIn(t.config(), "network.bind_address", "ADDRESS") + ", an address of this host ('ip -brief"
              + " address' lists them), or 0.0.0.0 for all");
    }
    if (lower.contains("permission denied") && port < 1024) {
      return CheckResult.warn(name, "could not test " + where + ": ports below 1024 need root to test",
          "run 'ferry preflight' as root to test it");
    }
    return CheckResult.warn(name, "could not test " + where + " (" + problem + ")",
        "check that nothing listens on port " + port + " ('ss -ltnp sport = :" + port + "')");
  }

  /** The address the stack publishes on: the rendered bind variable, the configuration's, else all. */
  static String bindAddress(PreflightTarget t) {
    String variable = t.descriptor().bindAddressVariable();
    String rendered = variable == null ? null : t.env().get(variable);
    if (rendered != null && !rendered.isBlank()) {
      return rendered.strip();
    }
    return t.config().bindAddress() != null ? t.config().bindAddress() : ANY;
  }

  private static String fate(String action) {
    if (action == null) {
      return "takes over";
    }
    return switch (action) {
      case "replace" -> "replaces";
      case "update" -> "updates";
      case "keep" -> "keeps";
      case "remove" -> "removes";
      default -> "takes over";
    };
  }

  private static String portFix(PreflightTarget t, String portName, int port) {
    int suggestion = port == 65_535 ? port - 1 : port + 1;
    return Words.setIn(t.config(), "network.ports." + portName, String.valueOf(suggestion));
  }
}

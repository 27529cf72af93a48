package io.ferry.installer.preflight;

import io.ferry.installer.config.ConfigValues;
import java.util.ArrayList;
import java.util.List;

/**
 * The customer configuration names the host name users will type (a warning when it does not: the
 * bundle's placeholder is used), and every name is a valid host name.
 */
final class DnsNameCheck implements PreflightCheck {
  static final String NAME = "dns name";

  @Override
  public List<CheckResult> run(PreflightContext context) {
    PreflightTarget t = context.target();
    String variable = t.descriptor().dnsNameVariable();
    List<String> names = t.config().dnsNames();
    if (variable == null) {
      return List.of(CheckResult.pass(NAME, "stack " + t.stack() + " takes no DNS name"));
    }
    List<String> problems = new ArrayList<>();
    for (String n : names) {
      ConfigValues.dnsName(n).ifPresent(problems::add);
    }
    if (!problems.isEmpty()) {
      return List.of(CheckResult.fail(NAME, String.join("; ", problems),
          "correct dns_names in " + Words.configFile(t.config())));
    }
    if (names.isEmpty()) {
      String fallback = t.env().get(variable);
      return List.of(CheckResult.warn(NAME, "none set: "
              + (fallback == null || fallback.isBlank() ? "the stack's default is used"
                  : "the bundle's default " + fallback + " is used"),
          Words.setIn(t.config(), "dns_names", "[" + exampleName(t.stack()) + "]") + " (the name users type)"));
    }
    return List.of(CheckResult.pass(NAME, names.get(0)
        + (names.size() > 1 ? " (also " + String.join(", ", names.subList(1, names.size())) + ")" : "")));
  }

  private static String exampleName(String stack) {
    String label = stack.replaceAll("[^a-z0-9-]", "-");
    return label + ".customer.example";
  }
}

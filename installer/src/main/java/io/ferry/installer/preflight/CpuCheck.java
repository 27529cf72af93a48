package io.ferry.installer.preflight;

import io.ferry.installer.stack.SizingProfile;
import java.util.List;

/** The host's CPUs against the chosen sizing profile: fewer only slow the stack down, so a warning. */
final class CpuCheck implements PreflightCheck {
  static final String NAME = "cpus";

  @Override
  public List<CheckResult> run(PreflightContext context) {
    PreflightTarget t = context.target();
    SizingProfile p = t.sizingProfile();
    int has = context.host().cpus();
    String cpus = has + (has == 1 ? " CPU" : " CPUs");
    if (p.cpus() == 0) {
      return List.of(CheckResult.pass(NAME, cpus + "; sizing " + p.name() + " sets no CPU requirement"));
    }
    String finding = cpus + ", sizing " + p.name() + " expects " + p.cpus();
    if (has >= p.cpus()) {
      return List.of(CheckResult.pass(NAME, finding));
    }
    List<SizingProfile> fitting = t.descriptor().sizing().profiles().values().stream()
        .filter(x -> x.cpus() <= has && !x.name().equals(p.name())).toList();
    String fix = "give the host " + p.cpus() + " CPUs, or expect the stack to be slower under load"
        + (fitting.isEmpty() ? "" : "; a smaller sizing fits this host (" + String.join("; ", fitting.stream()
            .map(x -> Words.profile(x, true)).toList()) + ")");
    return List.of(CheckResult.warn(NAME, finding, fix));
  }
}

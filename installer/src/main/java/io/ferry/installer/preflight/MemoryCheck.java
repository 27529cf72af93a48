package io.ferry.installer.preflight;

import io.ferry.installer.stack.SizingProfile;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * The host's memory against the chosen sizing profile. MemTotal leaves out what the firmware and
 * the kernel keep for themselves (a 2 GB machine shows about 1.9 GB), so a host counts as having
 * the profile's memory when MemTotal is within {@value #TOLERANCE_PERCENT}% of it.
 */
final class MemoryCheck implements PreflightCheck {
  static final String NAME = "memory";
  static final int TOLERANCE_PERCENT = 10;
  private static final long MIB = 1024L * 1024;

  @Override
  public List<CheckResult> run(PreflightContext context) {
    PreflightTarget t = context.target();
    SizingProfile p = t.sizingProfile();
    OptionalLong memory = context.host().memoryBytes();
    if (p.memoryMb() == 0) {
      return List.of(CheckResult.pass(NAME, (memory.isPresent() ? Words.memoryBytes(memory.getAsLong()) + "; " : "")
          + "sizing " + p.name() + " sets no memory requirement"));
    }
    if (memory.isEmpty()) {
      return List.of(CheckResult.warn(NAME, "cannot read MemTotal from /proc/meminfo",
          "make sure the host has at least " + Words.memoryMb(p.memoryMb()) + " of memory (sizing " + p.name() + ")"));
    }
    long has = memory.getAsLong();
    String finding = Words.memoryBytes(has) + ", sizing " + p.name() + " needs " + Words.memoryMb(p.memoryMb());
    if (fits(has, p)) {
      return List.of(CheckResult.pass(NAME, finding));
    }
    List<SizingProfile> fitting = t.descriptor().sizing().profiles().values().stream()
        .filter(x -> !x.name().equals(p.name()) && fits(has, x)).toList();
    String fix;
    if (fitting.isEmpty()) {
      long smallest = t.descriptor().sizing().profiles().values().stream().mapToLong(SizingProfile::memoryMb)
          .min().orElse(p.memoryMb());
      fix = "add memory: this stack needs at least " + Words.memoryMb(smallest) + " even in its smallest sizing";
    } else {
      fix = "choose a smaller sizing (" + String.join("; ", fitting.stream().map(x -> Words.profile(x, false))
          .toList()) + "): " + Words.setIn(t.config(), "sizing", largest(fitting).name()) + "; or add memory";
    }
    return List.of(CheckResult.fail(NAME, finding, fix));
  }

  private static SizingProfile largest(List<SizingProfile> profiles) {
    return profiles.stream().max(Comparator.comparingLong(SizingProfile::memoryMb)).orElseThrow();
  }

  static boolean fits(long hostBytes, SizingProfile p) {
    // In doubles: memory_mb may be any whole number, and the product must not overflow.
    return p.memoryMb() == 0 || hostBytes * 100.0 >= (double) p.memoryMb() * MIB * (100 - TOLERANCE_PERCENT);
  }
}

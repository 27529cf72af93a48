package io.ferry.installer.tls;

import java.time.Instant;
import java.util.List;

/**
 * What {@link TlsFiles#check} found.
 *
 * @param subject the certificate's subject (RFC 2253); null when it could not be read
 * @param names the DNS names and addresses the certificate is for
 * @param notAfter when it expires; null when it could not be read
 * @param problems blocking problems and warnings, certificate first
 */
public record TlsReport(String subject, List<String> names, Instant notAfter, List<TlsProblem> problems) {
  public TlsReport {
    names = List.copyOf(names);
    problems = List.copyOf(problems);
  }

  /** Whether the files can go into the stack (warnings allowed). */
  public boolean usable() {
    return problems.stream().noneMatch(TlsProblem::blocking);
  }
}

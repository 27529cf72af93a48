package io.ferry.installer.preflight;

import io.ferry.installer.tls.TlsFiles;
import io.ferry.installer.tls.TlsProblem;
import io.ferry.installer.tls.TlsReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The customer's certificate and key, when the configuration gives them: readable, the key belongs
 * to the certificate, valid now (a warning a month before it ends), and for the DNS names users
 * type. Without them the stack's own certificate is used, which is the vendor's business.
 */
final class TlsCertificateCheck implements PreflightCheck {
  static final String NAME = "tls certificate";

  @Override
  public List<CheckResult> run(PreflightContext context) {
    PreflightTarget t = context.target();
    if (t.config().tlsCertificate() == null || t.config().tlsKey() == null) {
      return List.of(CheckResult.pass(NAME, t.descriptor().tls() == null ? "stack " + t.stack() + " takes none"
          : "none given: the stack's own certificate is used"));
    }
    List<String> names = new ArrayList<>(t.config().dnsNames());
    String variable = t.descriptor().dnsNameVariable();
    if (names.isEmpty() && variable != null && t.env().get(variable) != null && !t.env().get(variable).isBlank()) {
      names.add(t.env().get(variable));
    }
    TlsReport report = TlsFiles.check(t.config().tlsCertificate(), t.config().tlsKey(), names, Instant.now());
    List<CheckResult> results = new ArrayList<>();
    for (TlsProblem p : report.problems()) {
      String check = p.file().equals("key") ? "tls key" : NAME;
      results.add(p.blocking() ? CheckResult.fail(check, p.finding(), p.fix())
          : CheckResult.warn(check, p.finding(), p.fix()));
    }
    if (results.isEmpty()) {
      results.add(CheckResult.pass(NAME, String.join(", ", report.names()) + ", valid until "
          + report.notAfter().toString().substring(0, 10) + ", key matches"));
    }
    return results;
  }
}

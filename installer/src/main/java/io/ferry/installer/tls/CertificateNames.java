package io.ferry.installer.tls;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/** The names a certificate is for, and whether a host name is one of them, as browsers decide it. */
final class CertificateNames {
  private static final int DNS = 2;
  private static final int IP = 7;

  private CertificateNames() {}

  /** Subject alternative names (DNS and IP); the subject's CN only when there are none (as RFC 6125 says). */
  static List<String> of(X509Certificate cert) {
    List<String> names = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> san : cert.getSubjectAlternativeNames()) {
          int type = (Integer) san.get(0);
          if (type == DNS || type == IP) {
            names.add(san.get(1).toString().toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // An unreadable extension: fall back to the CN, as a browser would fail to find a name anyway.
    }
    if (names.isEmpty()) {
      try {
        for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
          if (rdn.getType().equalsIgnoreCase("CN")) {
            names.add(rdn.getValue().toString().toLowerCase(Locale.ROOT));
          }
        }
      } catch (InvalidNameException e) {
        // no CN to offer
      }
    }
    return names;
  }

  /** Exact match, or a wildcard "*.example.com" standing for exactly one leftmost label. */
  static boolean matches(List<String> certNames, String host) {
    String h = host.toLowerCase(Locale.ROOT);
    for (String n : certNames) {
      if (n.equals(h)) {
        return true;
      }
      if (n.startsWith("*.")) {
        int dot = h.indexOf('.');
        if (dot > 0 && h.substring(dot).equals(n.substring(1))) {
          return true;
        }
      }
    }
    return false;
  }
}

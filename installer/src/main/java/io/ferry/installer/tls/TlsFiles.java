package io.ferry.installer.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Checks the customer's TLS certificate and key before they go into the stack: both readable PEM,
 * the key unprotected and belonging to the certificate, the certificate valid now and for the DNS
 * names users will type. A web server that gets a mismatched pair refuses to start, and an expired
 * or misnamed certificate makes every browser warn — both are found here, before a deployment,
 * instead of in the stack's log afterwards. The preflight and the wizard's configuration screen call
 * this.
 *
 * <pre>{@code
 * TlsReport r = TlsFiles.check(cert, key, List.of("acd.customer.example"), Instant.now());
 * r.problems().forEach(p -> ...);
 * }</pre>
 *
 * Stateless and thread-safe.
 */
public final class TlsFiles {
  /** A certificate that ends sooner than this is a warning: someone must renew it. */
  public static final Duration RENEW_WARNING = Duration.ofDays(30);

  private TlsFiles() {}

  /** Checks {@code certificate} (PEM, leaf first) and {@code key} (PEM) for {@code names} at {@code now}. */
  public static TlsReport check(Path certificate, Path key, List<String> names, Instant now) {
    List<TlsProblem> problems = new ArrayList<>();
    X509Certificate leaf = null;
    try {
      leaf = readCertificate(certificate);
    } catch (TlsFileException e) {
      problems.add(TlsProblem.certificate(e.getMessage(), e.fix()));
    }
    PrivateKey privateKey = null;
    try {
      privateKey = PemPrivateKeys.read(key);
    } catch (TlsFileException e) {
      problems.add(TlsProblem.key(e.getMessage(), e.fix()));
    }
    if (leaf == null) {
      return new TlsReport(null, List.of(), null, problems);
    }
    List<String> certNames = CertificateNames.of(leaf);
    if (privateKey != null && !belongsTo(privateKey, leaf)) {
      problems.add(TlsProblem.key("the key " + key + " does not belong to the certificate " + certificate,
          "give the key that was made with this certificate's request (compare: openssl x509 -noout -pubkey -in "
              + certificate + " and openssl pkey -pubout -in " + key + ")"));
    }
    Instant notBefore = leaf.getNotBefore().toInstant();
    Instant notAfter = leaf.getNotAfter().toInstant();
    if (now.isAfter(notAfter)) {
      problems.add(TlsProblem.certificate("the certificate expired on " + notAfter,
          "get a renewed certificate from your certificate authority and put it at " + certificate));
    } else if (now.isBefore(notBefore)) {
      problems.add(TlsProblem.certificate("the certificate is valid only from " + notBefore
          + " (check this host's clock)", "correct the clock, or use a certificate valid now"));
    } else if (now.plus(RENEW_WARNING).isAfter(notAfter)) {
      problems.add(TlsProblem.warning("the certificate expires on " + notAfter + ", in "
          + Duration.between(now, notAfter).toDays() + " days", "renew it soon and deploy again"));
    }
    for (String name : names) {
      if (!CertificateNames.matches(certNames, name)) {
        problems.add(TlsProblem.certificate("the certificate is not for " + name + " (it is for "
            + (certNames.isEmpty() ? "no name" : String.join(", ", certNames)) + ")",
            "get a certificate that names " + name + ", or correct dns_names"));
      }
    }
    return new TlsReport(leaf.getSubjectX500Principal().getName(), certNames, notAfter, problems);
  }

  private static X509Certificate readCertificate(Path file) throws TlsFileException {
    byte[] bytes = PemPrivateKeys.readAll(file, "certificate");
    Collection<? extends java.security.cert.Certificate> certs;
    try (InputStream in = new java.io.ByteArrayInputStream(bytes)) {
      certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
    } catch (CertificateException | IOException e) {
      certs = List.of();
    }
    if (certs.isEmpty() || !(certs.iterator().next() instanceof X509Certificate leaf)) {
      boolean looksLikeKey = new String(bytes, StandardCharsets.US_ASCII).contains("PRIVATE KEY-----");
      throw new TlsFileException(file + " holds no PEM certificate"
          + (looksLikeKey ? " (it holds a private key: are certificate and key swapped?)" : ""),
          "give the certificate in PEM form (a file that starts with -----BEGIN CERTIFICATE-----); convert DER"
              + " with: openssl x509 -inform der -in FILE -out " + file);
    }
    return leaf;
  }

  /** Whether {@code key} signs what the certificate's public key verifies: works for RSA, EC and EdDSA. */
  private static boolean belongsTo(PrivateKey key, X509Certificate cert) {
    String algorithm = switch (key.getAlgorithm()) {
      case "RSA" -> "SHA256withRSA";
      case "EC" -> "SHA256withECDSA";
      default -> key.getAlgorithm(); // Ed25519, Ed448, EdDSA
    };
    byte[] challenge = new byte[32];
    new SecureRandom().nextBytes(challenge);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(challenge);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(cert.getPublicKey());
      verifier.update(challenge);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      // Different key types (an EC key for an RSA certificate) end up here.
      return false;
    }
  }

  /** A file that cannot be used, with what to do about it. */
  static final class TlsFileException extends Exception {
    private final String fix;

    TlsFileException(String message, String fix) {
      super(message);
      this.fix = fix;
    }

    String fix() {
      return fix;
    }
  }

  static byte[] readFile(Path file, String what) throws TlsFileException {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new TlsFileException("the " + what + " " + file + " does not exist", "correct the path or copy the file there");
    } catch (AccessDeniedException e) {
      throw new TlsFileException("the " + what + " " + file + " is not readable by this user",
          "run Ferry as root, or make the file readable by it");
    } catch (IOException e) {
      throw new TlsFileException("the " + what + " " + file + " cannot be read: " + e.getMessage(),
          "check the file and the disk it is on");
    }
  }
}

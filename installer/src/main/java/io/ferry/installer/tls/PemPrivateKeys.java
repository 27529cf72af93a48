package io.ferry.installer.tls;

import io.ferry.installer.tls.TlsFiles.TlsFileException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * Reads an unprotected private key in the PEM forms web servers take: PKCS#8 ("PRIVATE KEY"),
 * PKCS#1 ("RSA PRIVATE KEY") and SEC 1 ("EC PRIVATE KEY"). The last two are re-wrapped as PKCS#8
 * with Bouncy Castle's ASN.1 classes, so the JDK's key factories read all three.
 */
final class PemPrivateKeys {
  private static final Pattern BLOCK = Pattern.compile(
      "-----BEGIN ([A-Z0-9 ]+)-----\\s*(.*?)-----END \\1-----", Pattern.DOTALL);
  private static final List<String> ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448");

  private PemPrivateKeys() {}

  static byte[] readAll(Path file, String what) throws TlsFileException {
    return TlsFiles.readFile(file, what);
  }

  static PrivateKey read(Path file) throws TlsFileException {
    String text = new String(readAll(file, "key"), StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      String type = m.group(1);
      String body = m.group(2);
      if (type.equals("ENCRYPTED PRIVATE KEY") || body.contains("Proc-Type: 4,ENCRYPTED")) {
        throw new TlsFileException("the key " + file + " is protected by a passphrase, which the stack's web server"
            + " cannot type", "write an unprotected copy, readable by root only: openssl pkey -in " + file
            + " -out KEY.plain && chmod 600 KEY.plain, and give that path");
      }
      if (!type.endsWith("PRIVATE KEY")) {
        continue;
      }
      byte[] der;
      try {
        der = Base64.getMimeDecoder().decode(body);
      } catch (IllegalArgumentException e) {
        throw damaged(file);
      }
      try {
        byte[] pkcs8 = switch (type) {
          case "PRIVATE KEY" -> der;
          case "RSA PRIVATE KEY" -> new PrivateKeyInfo(
              new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE),
              RSAPrivateKey.getInstance(der)).getEncoded();
          case "EC PRIVATE KEY" -> {
            ECPrivateKey ec = ECPrivateKey.getInstance(der);
            yield new PrivateKeyInfo(new AlgorithmIdentifier(X9ObjectIdentifiers.id_ecPublicKey, ec.getParametersObject()),
                ec).getEncoded();
          }
          default -> throw new TlsFileException("the key " + file + " is a " + type + ", which Ferry does not read",
              "convert it to PKCS#8: openssl pkey -in " + file + " -out KEY.pem");
        };
        return decode(pkcs8, file);
      } catch (IOException | RuntimeException e) {
        throw damaged(file);
      }
    }
    boolean looksLikeCert = text.contains("-----BEGIN CERTIFICATE-----");
    throw new TlsFileException("the key " + file + " holds no PEM private key"
        + (looksLikeCert ? " (it holds a certificate: are certificate and key swapped?)" : ""),
        "give the private key in PEM form (a file that starts with -----BEGIN PRIVATE KEY----- or"
            + " -----BEGIN RSA PRIVATE KEY-----)");
  }

  private static PrivateKey decode(byte[] pkcs8, Path file) throws TlsFileException {
    for (String algorithm : ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
      } catch (GeneralSecurityException e) {
        // not this algorithm; try the next
      }
    }
    throw new TlsFileException("the key " + file + " is of a kind Ferry does not know (not RSA, EC or EdDSA)",
        "use an RSA or ECDSA key, as web servers expect");
  }

  private static TlsFileException damaged(Path file) {
    return new TlsFileException("the key " + file + " is damaged (its PEM block does not decode)",
        "copy the key file again from where it was made");
  }
}

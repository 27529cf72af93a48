package io.ferry.signing.pgp;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;

/** Reads the public keys of a trust store file or folder into certificates. */
final class TrustStoreLoader {
  private final Path path;
  /** By fingerprint, so the same key in two files (say, before and after renewal) is one key. */
  private final Map<String, PGPPublicKeyRing> rings = new LinkedHashMap<>();
  private final Map<String, Path> origins = new LinkedHashMap<>();

  private TrustStoreLoader(Path path) {
    this.path = path;
  }

  static List<Certificate> load(Path fileOrFolder) throws TrustStoreException {
    TrustStoreLoader loader = new TrustStoreLoader(fileOrFolder);
    if (Files.isDirectory(fileOrFolder)) {
      for (Path file : loader.keyFiles()) {
        loader.readFile(file);
      }
    } else if (Files.exists(fileOrFolder)) {
      loader.readFile(fileOrFolder);
    } else {
      throw new TrustStoreException(fileOrFolder, "the trust store " + fileOrFolder
          + " does not exist");
    }
    if (loader.rings.isEmpty()) {
      throw new TrustStoreException(fileOrFolder, "the trust store " + fileOrFolder
          + " holds no public keys" + (Files.isDirectory(fileOrFolder)
              ? " (it reads *.asc, *.gpg and *.pub files)" : ""));
    }
    return loader.certificates();
  }

  private List<Path> keyFiles() throws TrustStoreException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString().toLowerCase(Locale.ROOT);
        if (Files.isRegularFile(entry)
            && (name.endsWith(".asc") || name.endsWith(".gpg") || name.endsWith(".pub"))) {
          files.add(entry);
        }
      }
    } catch (IOException e) {
      throw new TrustStoreException(path, "cannot list the trust store folder " + path + ": " + e,
          e);
    }
    files.sort(null); // the same keys in the same order on every host
    return files;
  }

  private void readFile(Path file) throws TrustStoreException {
    List<Object> objects;
    try {
      objects = PgpObjects.read(PgpObjects.readFile(file));
    } catch (IOException e) {
      throw new TrustStoreException(file, "cannot read public keys from " + file + ": "
          + e.getMessage(), e);
    }
    for (Object object : objects) {
      if (object instanceof PGPPublicKeyRing ring) {
        add(file, ring);
      } else if (object instanceof PGPSecretKeyRing) {
        throw new TrustStoreException(file, file + " holds a secret key; a trust store must "
            + "hold public keys only");
      } else {
        throw new TrustStoreException(file, file + " holds " + PgpObjects.describe(object)
            + ", not a public key");
      }
    }
    if (objects.isEmpty()) {
      throw new TrustStoreException(file, file + " holds no public key");
    }
  }

  private void add(Path file, PGPPublicKeyRing ring) throws TrustStoreException {
    String fingerprint = KeyIds.fingerprint(ring.getPublicKey().getFingerprint());
    PGPPublicKeyRing known = rings.get(fingerprint);
    if (known == null) {
      rings.put(fingerprint, ring);
      origins.put(fingerprint, file);
      return;
    }
    try {
      rings.put(fingerprint, PGPPublicKeyRing.join(known, ring));
    } catch (PGPException | RuntimeException e) {
      throw new TrustStoreException(file, "key " + fingerprint + " in " + file
          + " cannot be merged with the copy in " + origins.get(fingerprint) + ": " + e, e);
    }
  }

  private List<Certificate> certificates() throws TrustStoreException {
    List<Certificate> certificates = new ArrayList<>();
    for (Map.Entry<String, PGPPublicKeyRing> entry : rings.entrySet()) {
      Path file = origins.get(entry.getKey());
      try {
        certificates.add(Certificate.of(entry.getValue().getPublicKeys()));
      } catch (UnusableKeyException e) {
        throw new TrustStoreException(file, file + ": " + e.getMessage());
      }
    }
    return certificates;
  }
}

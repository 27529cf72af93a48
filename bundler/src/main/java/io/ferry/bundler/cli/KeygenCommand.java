package io.ferry.bundler.cli;

import io.ferry.signing.pgp.GeneratedKeyPair;
import io.ferry.signing.pgp.ReleaseKeyGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(
    name = "keygen",
    description = {
        "Creates a release signing key pair (OpenPGP Ed25519).",
        "",
        "  OUT/NAME.sec.asc  the secret key, passphrase-protected: keep it secret",
        "  OUT/NAME.pub.asc  the public key: ship it to customers (ferry verify --trust)",
        "",
        "The passphrase (8 characters or more) comes from FERRY_KEY_PASSPHRASE, or is asked for twice"
            + " on the terminal. gpg 2.2 and later verify the signatures made with it.",
        ""},
    mixinStandardHelpOptions = true)
final class KeygenCommand implements Callable<Integer> {
  private static final Pattern DURATION = Pattern.compile("(\\d+)([dwy])");

  @Spec CommandSpec spec;

  @Option(names = "--name", required = true, description = "Key name: file names and the key's user ID.")
  String name;

  @Option(names = "--email", description = "E-mail address for the user ID (optional).")
  String email;

  @Option(names = "--out", defaultValue = "keys", description = "Folder for the key files (default: ${DEFAULT-VALUE}).")
  Path out;

  @Option(names = "--expires", defaultValue = "3y",
      description = "Validity: Nd, Nw, Ny or 'never' (default: ${DEFAULT-VALUE}). Installers refuse expired keys.")
  String expires;

  @Option(names = "--force", description = "Overwrite existing key files.")
  boolean force;

  @Option(names = "--stacktrace", description = "Print the stack trace of a failure.")
  boolean stacktrace;

  @Override
  public Integer call() {
    if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
      throw new Failures.CommandFailure("--name must be letters, digits, '.', '_' or '-' (it names the files)", 2, null);
    }
    Path secret = out.resolve(name + ".sec.asc");
    Path pub = out.resolve(name + ".pub.asc");
    if (!force && (Files.exists(secret) || Files.exists(pub))) {
      throw new Failures.CommandFailure(secret + " or " + pub + " exists already; choose another --name or add --force"
          + " (the old secret key would be lost)", 7, null);
    }
    Duration validity = parseValidity(expires);
    char[] passphrase = Passphrases.forNewKey();
    String userId = email == null ? name : name + " <" + email + ">";
    try {
      GeneratedKeyPair keys = new ReleaseKeyGenerator().generate(userId, passphrase, Instant.now(), validity);
      Files.createDirectories(out);
      keys.writeSecretKey(secret);
      keys.writePublicKey(pub);
      spec.commandLine().getOut().printf("created key %s (%s), fingerprint %s%n  secret: %s%n  public: %s%n%s",
          keys.keyId(), userId, keys.fingerprint(), secret, pub,
          keys.expires() == null ? "" : "  expires: " + keys.expires().toString().substring(0, 10) + "\n");
      return 0;
    } catch (IOException e) {
      throw new Failures.CommandFailure("writing the key files to " + out + " failed: " + e.getMessage(), 6, e);
    }
  }

  static Duration parseValidity(String text) {
    if (text.equals("never")) {
      return null;
    }
    Matcher m = DURATION.matcher(text);
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new Failures.CommandFailure("--expires '" + text + "' is not Nd, Nw, Ny or 'never' (e.g. 2y)", 2, null);
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "d" -> Duration.ofDays(n);
      case "w" -> Duration.ofDays(7 * n);
      default -> Duration.ofDays(365 * n);
    };
  }
}

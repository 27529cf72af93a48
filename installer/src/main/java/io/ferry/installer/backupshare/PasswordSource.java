package io.ferry.installer.backupshare;

import io.ferry.installer.config.ConfigException;
import io.ferry.installer.share.SmbShareSettings;
import java.io.Console;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Function;

/**
 * Where the SMB password of the backup share comes from, in this order: the root-only file that
 * {@code backup.share.password_file} names; else the environment variable {@value #ENVIRONMENT_VARIABLE}
 * (for automation); else a masked prompt on the terminal, when there is one; else a clear error.
 *
 * <p>The password only ever lives in a {@link Password}, whose {@code toString} does not show it,
 * and which the caller wipes by closing it. It is never part of the configuration, so it cannot reach
 * a log, --json output, a deployment record or the configuration history through it.
 *
 * <p>{@link #of} is the exception to that order: a password the user typed into the wizard.
 *
 * <p>Thread-safe; prompting from two threads at once asks twice.
 */
public final class PasswordSource {
  /** Holds the SMB password when no password file is configured (automation, CI). */
  public static final String ENVIRONMENT_VARIABLE = "FERRY_SHARE_PASSWORD";
  /** A password file longer than this is not a password file. */
  static final int MAX_BYTES = 1024;
  static final int ROOT_UID = 0;

  /** A masked line from the terminal; null when there is no terminal or it was closed (Ctrl-D). */
  @FunctionalInterface
  interface Terminal {
    char[] readPassword(String prompt);
  }

  /** Where {@link #of} says its password came from. */
  static final String GIVEN_ORIGIN = "the password typed in the wizard";

  private final Function<String, String> environment;
  private final Terminal terminal;
  private final int ownerUid;
  /** The password handed to {@link #of}; null for the other sources. */
  private final char[] given;

  PasswordSource(Function<String, String> environment, Terminal terminal, int ownerUid) {
    this(environment, terminal, ownerUid, null);
  }

  private PasswordSource(Function<String, String> environment, Terminal terminal, int ownerUid, char[] given) {
    this.environment = environment;
    this.terminal = terminal;
    this.ownerUid = ownerUid;
    this.given = given;
  }

  /** File, then {@value #ENVIRONMENT_VARIABLE}, then a prompt when Ferry runs on a terminal. */
  public static PasswordSource standard() {
    return new PasswordSource(System::getenv, prompt -> {
      Console console = System.console();
      return console == null ? null : console.readPassword("%s", prompt);
    }, ROOT_UID);
  }

  /**
   * File, then {@value #ENVIRONMENT_VARIABLE}, never a prompt: for the nightly job and --json, where a
   * prompt would wait for nobody.
   */
  public static PasswordSource withoutPrompt() {
    return new PasswordSource(System::getenv, prompt -> null, ROOT_UID);
  }

  /**
   * The password the user already typed (the wizard's masked field), whatever the configuration names:
   * it wins over the password file, which may not exist yet (the wizard writes it only on Confirm, or
   * leaves it to the user). Keeps its own copy of {@code password}; every {@link #passwordFor} hands out
   * a fresh copy, so closing one wipes only that copy.
   *
   * @throws IllegalArgumentException when {@code password} is null or empty
   */
  public static PasswordSource of(char[] password) {
    if (password == null || password.length == 0) {
      throw new IllegalArgumentException("no password given");
    }
    return new PasswordSource(name -> null, prompt -> null, ROOT_UID, password.clone());
  }

  /**
   * A password and where it came from, for messages. Close it to wipe it from memory.
   * Not thread-safe.
   */
  public static final class Password implements AutoCloseable {
    private final char[] chars;
    private final String origin;
    private final boolean fromFile;

    Password(char[] chars, String origin, boolean fromFile) {
      this.chars = chars;
      this.origin = origin;
      this.fromFile = fromFile;
    }

    /** The password itself; valid until {@link #close}. */
    public char[] chars() {
      return chars;
    }

    /** Where it came from, e.g. "the environment variable FERRY_SHARE_PASSWORD"; never the password. */
    public String origin() {
      return origin;
    }

    /** Whether it was read from the password file (which the share layer's messages already name). */
    boolean fromFile() {
      return fromFile;
    }

    @Override
    public void close() {
      Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
      return "password from " + origin;
    }
  }

  /**
   * The password of the share's user.
   *
   * @param source how messages name the configuration, e.g. its file
   * @throws ConfigException when the password file is missing, unsafe or malformed, or when there is no
   *     password at all; the message says what to run or set
   */
  public Password passwordFor(SmbShareSettings share, String source) throws ConfigException {
    if (given != null) {
      return new Password(given.clone(), GIVEN_ORIGIN, false);
    }
    if (share.passwordFile() != null) {
      return new Password(readFile(share.passwordFile(), source), share.passwordFile().toString(), true);
    }
    String env = environment.apply(ENVIRONMENT_VARIABLE);
    if (env != null) {
      if (env.isEmpty()) {
        throw new ConfigException(source + ": " + ENVIRONMENT_VARIABLE + " is set but empty; set it to the SMB"
            + " password, or unset it and set backup.share.password_file");
      }
      return new Password(env.toCharArray(), "the environment variable " + ENVIRONMENT_VARIABLE, false);
    }
    String who = share.domain().isEmpty() ? share.user() : share.domain() + "\\" + share.user();
    char[] typed = terminal.readPassword("Password of the SMB user " + who + " on //" + share.server() + "/"
        + share.share() + ": ");
    if (typed != null && typed.length > 0) {
      return new Password(typed, "the terminal", false);
    }
    if (typed != null) {
      throw new ConfigException(source + ": no password was typed for the SMB user '" + who + "'; run the command"
          + " again and type it, or set backup.share.password_file");
    }
    throw new ConfigException(source + ": no password for the SMB user '" + who + "' on //" + share.server() + "/"
        + share.share() + ": set backup.share.password_file to a root-only file that holds it (docs/onprem/shares.md),"
        + " or set " + ENVIRONMENT_VARIABLE + ", or run ferry on a terminal to be asked");
  }

  /**
   * The password in {@code file}: a regular file (not a link) owned by root with no permission for
   * group or others, holding one line; a final line break is not part of the password.
   */
  char[] readFile(Path file, String source) throws ConfigException {
    String at = source + ": backup.share.password_file: " + file;
    String fix = "chown root:root " + file + " && chmod 600 " + file;
    BasicFileAttributes attributes;
    int uid;
    int mode;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      uid = (Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
      mode = (Integer) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      throw new ConfigException(at + " does not exist; create it as root with the password on one line (see"
          + " docs/onprem/shares.md), or correct the path");
    } catch (IOException e) {
      throw new ConfigException(at + " cannot be read (" + e.getMessage() + "); run ferry as root");
    }
    if (attributes.isSymbolicLink()) {
      // A link could be pointed at any file by whoever may write the folder it is in.
      throw new ConfigException(at + " is a symbolic link; name the file itself (readlink -f " + file + ")");
    }
    if (!attributes.isRegularFile()) {
      throw new ConfigException(at + " is not a regular file; write the password into a file and name that file");
    }
    if (uid != ownerUid) {
      throw new ConfigException(at + " belongs to uid " + uid + ", not root, so someone else could change it; run: "
          + fix);
    }
    if ((mode & 0077) != 0) {
      throw new ConfigException(at + " may be read or changed by users other than root (mode "
          + String.format("%04o", mode & 07777) + "); run: chmod 600 " + file);
    }
    // One byte past the limit tells a file that is too long from one exactly at the limit.
    byte[] bytes = new byte[MAX_BYTES + 1];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    try (SeekableByteChannel in = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
        LinkOption.NOFOLLOW_LINKS))) {
      int read;
      do {
        read = in.read(buffer);
      } while (read >= 0 && buffer.hasRemaining());
      return password(bytes, buffer.position(), at);
    } catch (IOException e) {
      throw new ConfigException(at + " cannot be read (" + e.getMessage() + "); run ferry as root");
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static char[] password(byte[] bytes, int n, String at) throws ConfigException {
    if (n > MAX_BYTES) {
      throw new ConfigException(at + " is longer than " + MAX_BYTES + " bytes; it must hold only the password, on"
          + " one line");
    }
    int end = n;
    if (end > 0 && bytes[end - 1] == '\n') {
      end--;
      if (end > 0 && bytes[end - 1] == '\r') {
        end--;
      }
    }
    if (end == 0) {
      throw new ConfigException(at + " is empty; write the SMB password on its first line");
    }
    for (int i = 0; i < end; i++) {
      if (bytes[i] == '\n' || bytes[i] == '\r') {
        throw new ConfigException(at + " has more than one line; it must hold only the password (a line break at"
            + " the end is fine)");
      }
    }
    CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars;
    try {
      chars = utf8.decode(ByteBuffer.wrap(bytes, 0, end));
    } catch (CharacterCodingException e) {
      throw new ConfigException(at + " is not UTF-8 text; write the password as UTF-8 text");
    }
    char[] password = new char[chars.remaining()];
    chars.get(password);
    Arrays.fill(chars.array(), '\0');
    return password;
  }
}

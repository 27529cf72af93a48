package io.ferry.installer.data;

/**
 * The names and formats of a stack's data streams, as a backup records them and a restore reads
 * them back. A restore refuses a format it does not know, so a new format needs a new name here.
 */
public final class DataFormats {
  private DataFormats() {}

  /** The stream of the database dump. */
  public static final String DATABASE = "database";
  /** Prefix of a volume's stream: {@code volume/<compose volume name>}. */
  public static final String VOLUME_PREFIX = "volume/";
  /** Prefix of a configuration file's stream: {@code config/<file name in the stack folder>}. */
  public static final String CONFIG_PREFIX = "config/";

  /** What the descriptor's dump command writes and its restore command reads (plain SQL for PostgreSQL). */
  public static final String SQL = "sql";
  /** A volume as a tar under the one top folder {@value Volumes#TAR_ROOT} (see {@link Volumes}). */
  public static final String TAR = "tar";
  /** A volume as a tar of the entries below its root, without the root (vanilla folders of a bundle). */
  public static final String FOLDER_TAR = "folder-tar";
  /** The customer configuration, customer.yaml. */
  public static final String YAML = "yaml";
  /** The rendered compose environment, .env. */
  public static final String ENV = "env";
  /** The deployment record, deployment.json. */
  public static final String JSON = "json";

  public static String volume(String key) {
    return VOLUME_PREFIX + key;
  }
}

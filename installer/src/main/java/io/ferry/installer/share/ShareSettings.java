package io.ferry.installer.share;

/**
 * Where the share is and how to log in, as on-site IT enters it in the customer configuration. Never
 * holds a password: an SMB password is handed to {@link Shares#open} separately (read from a root-only
 * secrets file or prompted), so settings can be logged and kept in the configuration history.
 */
public sealed interface ShareSettings permits LocalShareSettings, SmbShareSettings, NfsShareSettings {
  /** One line for logs and messages, e.g. "smb://nas.example.com:445/backup/ferry (user EXAMPLE\backup)". */
  String describe();
}

package io.ferry.installer.share;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A Windows/Samba/NAS share spoken to with SMB 2.0.2 to 3.1.1.
 *
 * @param server host name or IP address of the file server
 * @param port TCP port, 445 unless the server was set up otherwise
 * @param share the share name ("backup" in \\server\backup)
 * @param path the folder inside the share that holds Ferry's data, '/'-separated ("" for the share's top)
 * @param domain the Windows domain (or workgroup) of the user; "" for a local account of the server
 * @param user the user name
 * @param passwordFile where the password is kept, named in messages so IT knows what to fix; null when
 *     it is prompted
 */
public record SmbShareSettings(String server, int port, String share, String path, String domain, String user,
    Path passwordFile) implements ShareSettings {
  public static final int DEFAULT_PORT = 445;

  public SmbShareSettings {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(share, "share");
    path = path == null ? "" : path;
    domain = domain == null ? "" : domain;
    Objects.requireNonNull(user, "user");
    if (server.isBlank() || server.contains("/") || server.contains("\\") || server.contains("@")) {
      throw new IllegalArgumentException("the SMB server must be a host name or IP address: '" + server + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("the SMB port must be between 1 and 65535: " + port);
    }
    if (share.isBlank() || share.contains("/") || share.contains("\\")) {
      throw new IllegalArgumentException("the SMB share must be a share name without slashes: '" + share + "'");
    }
  }

  /** With the default port 445. */
  public SmbShareSettings(String server, String share, String path, String domain, String user, Path passwordFile) {
    this(server, DEFAULT_PORT, share, path, domain, user, passwordFile);
  }

  @Override
  public String describe() {
    String who = domain.isEmpty() ? user : domain + "\\" + user;
    return SmbShare.url(this) + " (user " + who + ")";
  }
}

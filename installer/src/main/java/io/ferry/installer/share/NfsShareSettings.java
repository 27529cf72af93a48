package io.ferry.installer.share;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * An NFSv3 export, spoken to over TCP with AUTH_UNIX (AUTH_SYS) credentials.
 *
 * @param server host name or IP address of the NFS server
 * @param export the exported path as the server names it ("/srv/backup"; what {@code showmount -e} lists)
 * @param path the folder inside the export that holds Ferry's data, '/'-separated ("" for the export's top)
 * @param uid the numeric user id sent with every request; files are created as this user
 * @param gid the numeric group id sent with every request
 * @param port the NFS port; empty: ask the server's portmapper (port 111)
 * @param mountPort the mount daemon's port; empty: ask the portmapper. When both ports are given the
 *     portmapper is not needed (a firewall then only has to open these two ports)
 */
public record NfsShareSettings(String server, String export, String path, int uid, int gid, OptionalInt port,
    OptionalInt mountPort) implements ShareSettings {
  public NfsShareSettings {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(export, "export");
    path = path == null ? "" : path;
    port = port == null ? OptionalInt.empty() : port;
    mountPort = mountPort == null ? OptionalInt.empty() : mountPort;
    if (server.isBlank() || server.contains("/") || server.contains("@")) {
      throw new IllegalArgumentException("the NFS server must be a host name or IP address: '" + server + "'");
    }
    if (!export.startsWith("/")) {
      throw new IllegalArgumentException("the NFS export must be an absolute path such as /srv/backup: '" + export + "'");
    }
    if (uid < 0 || gid < 0) {
      throw new IllegalArgumentException("the NFS uid and gid must not be negative: " + uid + "/" + gid);
    }
    for (OptionalInt p : new OptionalInt[] {port, mountPort}) {
      if (p.isPresent() && (p.getAsInt() < 1 || p.getAsInt() > 65535)) {
        throw new IllegalArgumentException("an NFS port must be between 1 and 65535: " + p.getAsInt());
      }
    }
  }

  /** Ports from the server's portmapper. */
  public NfsShareSettings(String server, String export, String path, int uid, int gid) {
    this(server, export, path, uid, gid, OptionalInt.empty(), OptionalInt.empty());
  }

  @Override
  public String describe() {
    return NfsShare.url(this) + " (uid " + uid + ", gid " + gid + ")";
  }
}

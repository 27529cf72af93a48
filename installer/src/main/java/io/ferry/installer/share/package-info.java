/**
 * Shares: where backups live. One {@link io.ferry.installer.share.Share} interface, three
 * implementations chosen by {@link io.ferry.installer.share.Shares#open}: a local folder (for hosts
 * that mount the share themselves), SMB 2/3 (jcifs-ng) and NFSv3 (nfs-client), both spoken from Java
 * with no kernel mount.
 *
 * <p>The interface is shaped for a content-addressed, write-once repository: objects are written
 * once under a name ({@code putIfAbsent}: temporary name, then an atomic no-replace publish), read as
 * streams, listed per folder, and deleted only by retention. Every failure is a
 * {@link io.ferry.installer.share.ShareException} with a {@link io.ferry.installer.share.ShareException.Kind}
 * and a one-line message that names the server, the share and the fix.
 *
 * <p>Dependencies: the JDK, jcifs-ng and nfs-client only; nothing else in Ferry. Callers (the backup
 * repository, deploy steps) import this package's public types and never a protocol library.
 */
package io.ferry.installer.share;

package io.ferry.installer.share;

import io.ferry.installer.share.ShareException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.MalformedURLException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import jcifs.CIFSContext;
import jcifs.CIFSException;
import jcifs.SmbConstants;
import jcifs.config.PropertyConfiguration;
import jcifs.context.BaseContext;
import jcifs.smb.NtStatus;
import jcifs.smb.NtlmPasswordAuthenticator;
import jcifs.smb.SmbException;
import jcifs.smb.SmbFile;
import jcifs.smb.SmbFileInputStream;
import jcifs.smb.SmbRandomAccessFile;
import jcifs.util.transport.ConnectionTimeoutException;
import jcifs.util.transport.RequestTimeoutException;

/**
 * A folder on an SMB share, spoken to with jcifs-ng (SMB 2.0.2 to 3.1.1, NTLMv2 with user, password and
 * domain, any port).
 *
 * <p>Why it is built this way:
 * <ul>
 *   <li>jcifs-ng does not negotiate multi-credit (large MTU) requests, so every read and write request
 *       carries at most 64 KiB; servers refuse larger ones ("Access is denied" from Samba, "The parameter
 *       is incorrect" from Windows). To keep the link and the server busy, reads run ahead in 1 MiB
 *       blocks on {@value #LANES} lanes, each with its own handle on its own connection, because a
 *       server answers one connection's requests largely one at a time (measured: 4 lanes on one
 *       connection read at about 310 MiB/s, on 4 connections at about 560 MiB/s). Writes go out in
 *       1 MiB blocks on up to {@value #LANES} handles at once, all on the main connection: handles of
 *       one file on several connections make the server break oplocks, and a write then stalled.</li>
 *   <li>SMB 3 signs every message with AES-CMAC; {@link SmbSigning} makes that fast.</li>
 *   <li>Write-once: data goes to a temporary file in the target folder, which is then renamed with
 *       ReplaceIfExists = false, so the server refuses the rename (OBJECT_NAME_COLLISION) if the name is
 *       taken. Windows checks and renames atomically. Samba checks and renames in two steps, so two
 *       writers on different connections racing for one name may both succeed, the second replacing
 *       the first; for content-addressed objects that only means the same bytes written twice.</li>
 *   <li>No NetBIOS: names are resolved by DNS only, and DFS referrals are not followed (enter the real
 *       file server and share).</li>
 * </ul>
 *
 * <p>Thread-safe: jcifs-ng multiplexes the calls of several threads over one connection.
 */
final class SmbShare implements Share {
  /**
   * Parallel 1 MiB blocks per read or write, each lane on its own connection (a server process of its
   * own on Samba); a system property lets the benchmark try others.
   */
  static final int LANES = 4;
  private static final int lanes = Math.max(1, Integer.getInteger("ferry.share.smb.lanes", LANES));

  // NT status codes jcifs-ng has no constant for.
  private static final int STATUS_QUOTA_EXCEEDED = 0xC0000044;
  private static final int STATUS_MEDIA_WRITE_PROTECTED = 0xC00000A2;
  private static final int STATUS_IO_TIMEOUT = 0xC00000B5;
  private static final int STATUS_DIRECTORY_NOT_EMPTY = 0xC0000101;

  private final SmbShareSettings settings;
  private final CIFSContext ctx;
  /** Lane i's connection; [0] is {@link #ctx}, the others are opened when first needed. */
  private final CIFSContext[] laneCtx = new CIFSContext[lanes];
  private final char[] password;
  private final String baseUrl;
  private final String url;
  private final Duration timeout;
  private final ExecutorService pool;

  private SmbShare(SmbShareSettings settings, CIFSContext ctx, char[] password, Duration timeout) {
    this.settings = settings;
    this.ctx = ctx;
    this.password = password.clone();
    this.laneCtx[0] = ctx;
    this.url = url(settings);
    this.baseUrl = url + "/";
    this.timeout = timeout;
    this.pool = BlockIo.newPool("ferry-smb");
  }

  /** smb://server:port/share/path, without a trailing '/'. */
  static String url(SmbShareSettings s) {
    String host = s.server().contains(":") ? "[" + s.server() + "]" : s.server();
    return "smb://" + host + ":" + s.port() + "/" + s.share() + (s.path().isEmpty() ? "" : "/" + s.path());
  }

  static SmbShare open(SmbShareSettings s, char[] password, Duration timeout) throws ShareException {
    SharePaths.folder(s.path());
    String server = s.server() + ":" + s.port();
    if (password == null) {
      throw new ShareException(Kind.AUTHENTICATION, "no password for the SMB user '" + user(s) + "' on " + server + ": "
          + (s.passwordFile() == null ? "enter it when asked" : "put it in " + s.passwordFile()));
    }
    try {
      InetAddress.getByName(s.server());
    } catch (UnknownHostException e) {
      throw new ShareException(Kind.UNREACHABLE, "cannot find the SMB server '" + s.server()
          + "': check the name in the share settings, the host's DNS, or use the server's IP address", e);
    }
    SmbSigning.install();
    SmbShare share = new SmbShare(s, context(s, password, timeout), password, timeout);
    try (SmbFile base = share.file("")) {
      if (!base.exists()) {
        throw new ShareException(Kind.NOT_FOUND, "the folder '" + s.path() + "' does not exist on the share //"
            + server + "/" + s.share() + ": create it there, or correct the folder in the share settings");
      }
      if (!base.isDirectory()) {
        throw new ShareException(Kind.NOT_FOUND, "'" + s.path() + "' on //" + server + "/" + s.share()
            + " is a file, not a folder: correct the folder in the share settings");
      }
    } catch (ShareException e) {
      share.closeQuietly();
      throw e;
    } catch (IOException e) {
      share.closeQuietly();
      throw share.error("connect to", "", e);
    }
    return share;
  }

  /** A client of its own: its own connection and session to the server. */
  private static CIFSContext context(SmbShareSettings s, char[] password, Duration timeout) throws ShareException {
    try {
      return new BaseContext(new PropertyConfiguration(properties(timeout)))
          .withCredentials(new NtlmPasswordAuthenticator(s.domain(), s.user(), new String(password)));
    } catch (CIFSException e) {
      throw new ShareException(Kind.IO, "cannot set up the SMB client: " + e.getMessage(), e);
    }
  }

  /**
   * Lane {@code i}'s client. jcifs-ng sends the requests of several threads over one connection, but
   * the server then answers them one by one; separate connections are served in parallel.
   */
  private CIFSContext lane(int i) throws IOException {
    synchronized (laneCtx) {
      if (laneCtx[i] == null) {
        try {
          laneCtx[i] = context(settings, password, timeout);
        } catch (ShareException e) {
          throw new IOException(e.getMessage(), e);
        }
      }
      return laneCtx[i];
    }
  }

  private static Properties properties(Duration timeout) {
    int ms = (int) Math.min(Integer.MAX_VALUE, Math.max(1000, timeout.toMillis()));
    Properties p = new Properties();
    p.setProperty("jcifs.smb.client.minVersion", "SMB202");
    p.setProperty("jcifs.smb.client.maxVersion", System.getProperty("ferry.share.smb.maxVersion", "SMB311"));
    p.setProperty("jcifs.smb.client.connTimeout", Integer.toString(ms));
    p.setProperty("jcifs.smb.client.responseTimeout", Integer.toString(ms));
    p.setProperty("jcifs.smb.client.sessionTimeout", Integer.toString(ms));
    // The socket read timeout bounds the first exchange (negotiate) and must outlast a response;
    // it also closes an idle connection, which is reopened when needed.
    p.setProperty("jcifs.smb.client.soTimeout", Integer.toString((int) Math.min(Integer.MAX_VALUE, ms + 1_000L)));
    p.setProperty("jcifs.smb.client.tcpNoDelay", "true");
    // DNS only: no NetBIOS broadcasts or WINS queries on the customer's network.
    p.setProperty("jcifs.resolveOrder", "DNS");
    p.setProperty("jcifs.smb.client.dfs.disabled", "true");
    // Every call asks the server: another host may have written or pruned in between.
    p.setProperty("jcifs.smb.client.attrExpirationPeriod", "0");
    return p;
  }

  private static String user(SmbShareSettings s) {
    return s.domain().isEmpty() ? s.user() : s.domain() + "\\" + s.user();
  }

  @Override
  public String describe() {
    return url;
  }

  private SmbFile file(String path) throws ShareException {
    try {
      return new SmbFile(baseUrl + path, ctx);
    } catch (MalformedURLException e) {
      throw new ShareException(Kind.IO, "cannot address " + path + " on " + url + ": " + e.getMessage(), e);
    }
  }

  private SmbFile folder(String dir) throws ShareException {
    return file(dir.isEmpty() ? "" : dir + "/");
  }

  @Override
  public boolean exists(String path) throws ShareException {
    try (SmbFile f = file(SharePaths.join(SharePaths.object(path)))) {
      return f.exists();
    } catch (IOException e) {
      throw error("look for", path, e);
    }
  }

  @Override
  public long size(String path) throws ShareException {
    try (SmbFile f = file(SharePaths.join(SharePaths.object(path)))) {
      if (!f.exists()) {
        throw notFound("read the size of", path);
      }
      return f.length();
    } catch (IOException e) {
      throw error("read the size of", path, e);
    }
  }

  @Override
  public InputStream read(String path) throws ShareException {
    SharePaths.object(path);
    // One handle per lane, each on its lane's connection. Lane 0 is opened here with an open that never
    // creates, so a missing object or a denied read fails now; the others are random-access handles,
    // whose read mode would create a missing file, opened only once the object is known to exist.
    SmbFile[] laneFile = new SmbFile[lanes];
    SmbFileInputStream first;
    SmbRandomAccessFile[] lane = new SmbRandomAccessFile[lanes];
    long length;
    try {
      laneFile[0] = file(path);
      if (!laneFile[0].exists()) {
        laneFile[0].close();
        throw notFound("read", path);
      }
      length = laneFile[0].length();
      first = laneFile[0].openInputStream();
    } catch (IOException e) {
      if (laneFile[0] != null) {
        laneFile[0].close();
      }
      throw error("read", path, e);
    }
    long[] firstPos = new long[1];
    ReadAheadInputStream.BlockReader reader = (offset, b, off, len) -> {
      // Block i is read on lane i % lanes, in order: each lane is one sequential reader.
      int l = (int) ((offset / BlockIo.BLOCK) % lanes);
      if (l == 0) {
        if (offset > firstPos[0]) {
          first.skip(offset - firstPos[0]); // moves the file pointer only: no request
        }
        int n = first.read(b, off, len);
        firstPos[0] = offset + Math.max(n, 0);
        return n;
      }
      if (lane[l] == null) {
        laneFile[l] = new SmbFile(baseUrl + path, lane(l));
        lane[l] = laneFile[l].openRandomAccess("r");
      }
      lane[l].seek(offset);
      return lane[l].read(b, off, len);
    };
    AutoCloseable onClose = () -> {
      closeQuietly(first);
      for (int i = 0; i < lanes; i++) {
        if (lane[i] != null) {
          closeQuietly(lane[i]);
        }
        if (laneFile[i] != null) {
          laneFile[i].close();
        }
      }
    };
    return new ReadAheadInputStream(reader, length, lanes, pool, e -> error("read", path, e), onClose);
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception ignored) {
      // already failing
    }
  }

  @Override
  public boolean putIfAbsent(String path, InputStream data, long length) throws ShareException {
    List<String> seg = SharePaths.object(path);
    String dir = SharePaths.parent(seg);
    String tmpPath = (dir.isEmpty() ? "" : dir + "/") + SharePaths.tempName(SharePaths.name(seg));
    try (SmbFile target = file(path); SmbFile tmp = file(tmpPath)) {
      try {
        if (target.exists()) {
          return false;
        }
      } catch (IOException e) {
        throw error("look for", path, e);
      }
      LinkedBlockingQueue<SmbRandomAccessFile> handles = new LinkedBlockingQueue<>();
      List<SmbRandomAccessFile> all = new ArrayList<>();
      boolean done = false;
      try {
        all.add(createTemp(tmp, dir));
        handles.add(all.get(0));
        BlockIo.copy(data, length, (offset, b, len) -> {
          SmbRandomAccessFile h = handles.poll();
          if (h == null) {
            // A further handle, with its own SmbFile (closed with it): jcifs-ng's SmbFile keeps
            // per-instance state. All write handles on the main connection: handles of one file on several connections
            // make the server break the first one's oplock, which jcifs-ng may not answer in time.
            synchronized (all) {
              h = new SmbRandomAccessFile(baseUrl + tmpPath, "rw", SmbConstants.DEFAULT_SHARING, ctx);
              all.add(h);
            }
          }
          try {
            h.seek(offset);
            h.write(b, 0, len);
          } finally {
            handles.add(h);
          }
        }, lanes, pool);
        closeAll(all);
        try {
          tmp.renameTo(target, false);
          done = true;
          return true;
        } catch (SmbException e) {
          if (e.getNtStatus() == NtStatus.NT_STATUS_OBJECT_NAME_COLLISION) {
            return false;
          }
          throw e;
        }
      } catch (BlockIo.SourceException e) {
        throw new ShareException(Kind.IO, "could not write " + path + " to " + url + ": " + e.getMessage(), e);
      } catch (IOException e) {
        throw error("write", path, e);
      } finally {
        closeAll(all);
        if (!done) {
          deleteQuietly(tmp);
        }
      }
    }
  }

  /** Opens the temporary file for writing, creating its folder if it is missing. */
  private SmbRandomAccessFile createTemp(SmbFile tmp, String dir) throws IOException, ShareException {
    try {
      return tmp.openRandomAccess("rw");
    } catch (SmbException e) {
      if (e.getNtStatus() != NtStatus.NT_STATUS_OBJECT_PATH_NOT_FOUND && e.getNtStatus() != NtStatus.NT_STATUS_OBJECT_NAME_NOT_FOUND) {
        throw e;
      }
    }
    mkdirs(dir);
    return tmp.openRandomAccess("rw");
  }

  private static void closeAll(List<SmbRandomAccessFile> handles) {
    synchronized (handles) {
      for (SmbRandomAccessFile h : handles) {
        try {
          h.close();
        } catch (IOException ignored) {
          // closing a handle of a file about to be renamed or deleted
        }
      }
      handles.clear();
    }
  }

  private static void deleteQuietly(SmbFile f) {
    try {
      f.delete();
    } catch (IOException ignored) {
      // a leftover temporary object is cleaned up by retention (its name says what it is)
    }
  }

  @Override
  public void mkdirs(String dir) throws ShareException {
    List<String> seg = SharePaths.folder(dir);
    if (seg.isEmpty()) {
      return;
    }
    try (SmbFile f = folder(SharePaths.join(seg))) {
      f.mkdirs();
    } catch (IOException e) {
      throw error("create the folder", dir, e);
    }
  }

  @Override
  public List<String> list(String dir) throws ShareException {
    List<String> seg = SharePaths.folder(dir);
    try (SmbFile f = folder(SharePaths.join(seg))) {
      if (!seg.isEmpty() && !f.isDirectory()) {
        return List.of(); // missing, or an object
      }
      List<String> names = new ArrayList<>();
      for (String n : f.list()) {
        String name = n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
        if (!name.equals(".") && !name.equals("..")) {
          names.add(name);
        }
      }
      names.sort(null);
      return names;
    } catch (SmbException e) {
      if (isNotFound(e)) {
        return List.of();
      }
      throw error("list", dir, e);
    }
  }

  @Override
  public void delete(String path) throws ShareException {
    List<String> seg = SharePaths.objectOrTemp(path);
    try (SmbFile f = file(SharePaths.join(seg))) {
      if (!f.exists()) {
        return;
      }
      if (f.isDirectory()) {
        // jcifs-ng deletes folders recursively; a share only ever deletes empty ones.
        try (SmbFile d = folder(SharePaths.join(seg))) {
          if (d.list().length > 0) {
            throw new ShareException(Kind.IO, "cannot delete the folder " + path + " on " + url + ": it is not empty");
          }
          d.delete();
        }
        return;
      }
      f.delete();
    } catch (SmbException e) {
      if (isNotFound(e)) {
        return;
      }
      throw error("delete", path, e);
    }
  }

  @Override
  public OptionalLong freeBytes() throws ShareException {
    try (SmbFile f = file("")) {
      return OptionalLong.of(f.getDiskFreeSpace());
    } catch (SmbException e) {
      throw error("ask the free space of", "", e);
    }
  }

  @Override
  public void close() throws ShareException {
    pool.shutdownNow();
    java.util.Arrays.fill(password, '\0');
    CIFSException failed = null;
    synchronized (laneCtx) {
      for (CIFSContext c : laneCtx) {
        try {
          if (c != null) {
            c.close();
          }
        } catch (CIFSException e) {
          failed = e;
        }
      }
    }
    if (failed != null) {
      throw new ShareException(Kind.IO, "closing the connection to " + url + " failed: " + failed.getMessage(), failed);
    }
  }

  private void closeQuietly() {
    try {
      close();
    } catch (ShareException ignored) {
      // already failing
    }
  }

  private static boolean isNotFound(SmbException e) {
    int s = e.getNtStatus();
    return s == NtStatus.NT_STATUS_OBJECT_NAME_NOT_FOUND || s == NtStatus.NT_STATUS_OBJECT_PATH_NOT_FOUND
        || s == NtStatus.NT_STATUS_NO_SUCH_FILE || s == NtStatus.NT_STATUS_NOT_FOUND || s == NtStatus.NT_STATUS_NOT_A_DIRECTORY;
  }

  private ShareException notFound(String action, String path) {
    return new ShareException(Kind.NOT_FOUND, "cannot " + action + " " + url + "/" + path + ": it does not exist");
  }

  /** Turns what jcifs-ng threw into a kind and a message that names the server, the share and the fix. */
  ShareException error(String action, String path, Throwable e) {
    String server = settings.server() + ":" + settings.port();
    String where = path.isEmpty() ? url : url + "/" + path;
    String user = user(settings);
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
        return new ShareException(Kind.UNREACHABLE, "cannot connect to the SMB server " + server + " (" + c.getMessage()
            + "): check the server name and port in the share settings, that the server is up, and that a firewall lets TCP port "
            + settings.port() + " through", e);
      }
      if (c instanceof UnknownHostException) {
        return new ShareException(Kind.UNREACHABLE, "cannot find the SMB server '" + settings.server()
            + "': check the name in the share settings, the host's DNS, or use the server's IP address", e);
      }
      if (c instanceof SocketTimeoutException || c instanceof ConnectionTimeoutException
          || c instanceof RequestTimeoutException || c instanceof InterruptedIOException) {
        return new ShareException(Kind.TIMEOUT, "the SMB server " + server + " did not answer within " + timeout.toSeconds()
            + " s while trying to " + action + " " + where + ": check that it is up and reachable from this host", e);
      }
    }
    int status = e instanceof SmbException se ? se.getNtStatus() : 0;
    switch (status) {
      case NtStatus.NT_STATUS_LOGON_FAILURE, NtStatus.NT_STATUS_WRONG_PASSWORD, NtStatus.NT_STATUS_NO_SUCH_USER,
          NtStatus.NT_STATUS_NO_SUCH_DOMAIN, NtStatus.NT_STATUS_LOGON_TYPE_NOT_GRANTED, NtStatus.NT_STATUS_ACCOUNT_RESTRICTION,
          NtStatus.NT_STATUS_INVALID_LOGON_HOURS, NtStatus.NT_STATUS_INVALID_WORKSTATION -> {
        return new ShareException(Kind.AUTHENTICATION, "the SMB server " + server + " refused the user '" + user + "' ("
            + e.getMessage() + "): check the user name and domain in the share settings and the password"
            + (settings.passwordFile() == null ? "" : " in " + settings.passwordFile()), e);
      }
      case NtStatus.NT_STATUS_PASSWORD_EXPIRED, NtStatus.NT_STATUS_PASSWORD_MUST_CHANGE -> {
        return new ShareException(Kind.AUTHENTICATION, "the password of the SMB user '" + user + "' has expired on " + server
            + ": set a new one on the server (best: one that does not expire) and put it in "
            + (settings.passwordFile() == null ? "the password prompt" : settings.passwordFile().toString()), e);
      }
      case NtStatus.NT_STATUS_ACCOUNT_DISABLED, NtStatus.NT_STATUS_ACCOUNT_LOCKED_OUT -> {
        return new ShareException(Kind.AUTHENTICATION, "the SMB user '" + user + "' is disabled or locked out on " + server
            + " (" + e.getMessage() + "): ask the server's administrator to enable or unlock it", e);
      }
      case NtStatus.NT_STATUS_BAD_NETWORK_NAME -> {
        return new ShareException(Kind.NOT_FOUND, "the SMB server " + server + " has no share '" + settings.share()
            + "': check the share name in the share settings (smbclient -L //" + settings.server() + " -p " + settings.port()
            + " -U " + user + " lists them)", e);
      }
      case NtStatus.NT_STATUS_OBJECT_NAME_NOT_FOUND, NtStatus.NT_STATUS_OBJECT_PATH_NOT_FOUND, NtStatus.NT_STATUS_NO_SUCH_FILE,
          NtStatus.NT_STATUS_NOT_FOUND -> {
        return new ShareException(Kind.NOT_FOUND, "cannot " + action + " " + where + ": it does not exist", e);
      }
      case NtStatus.NT_STATUS_ACCESS_DENIED, NtStatus.NT_STATUS_NETWORK_ACCESS_DENIED, NtStatus.NT_STATUS_CANNOT_DELETE,
          STATUS_MEDIA_WRITE_PROTECTED -> {
        return new ShareException(Kind.PERMISSION_DENIED, "the SMB server " + server + " does not let the user '" + user
            + "' " + action + " " + where + ": give the user modify (read and write) rights on the share and on this folder", e);
      }
      case NtStatus.NT_STATUS_DISK_FULL, STATUS_QUOTA_EXCEEDED -> {
        return new ShareException(Kind.FULL, "the share //" + server + "/" + settings.share() + " is full"
            + (status == STATUS_QUOTA_EXCEEDED ? " (quota of user '" + user + "' used up)" : "") + " while trying to " + action
            + " " + where + ": free space on it, enlarge it, or let retention remove old backups", e);
      }
      case STATUS_IO_TIMEOUT -> {
        return new ShareException(Kind.TIMEOUT, "the SMB server " + server + " timed out while trying to " + action + " "
            + where + ": check the server's disks and load", e);
      }
      case STATUS_DIRECTORY_NOT_EMPTY -> {
        return new ShareException(Kind.IO, "cannot " + action + " " + where + ": the folder is not empty", e);
      }
      default -> {
        return new ShareException(Kind.IO, "cannot " + action + " " + where + " on the SMB server " + server + ": "
            + e.getMessage(), e);
      }
    }
  }
}

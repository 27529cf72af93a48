package io.ferry.installer.share;

import com.emc.ecs.nfsclient.mount.MountRequest;
import com.emc.ecs.nfsclient.mount.MountResponse;
import com.emc.ecs.nfsclient.mount.MountStatus;
import com.emc.ecs.nfsclient.mount.UnmountRequest;
import com.emc.ecs.nfsclient.network.NetMgr;
import com.emc.ecs.nfsclient.nfs.NfsCreateMode;
import com.emc.ecs.nfsclient.nfs.NfsDirectoryEntry;
import com.emc.ecs.nfsclient.nfs.NfsException;
import com.emc.ecs.nfsclient.nfs.NfsGetAttributes;
import com.emc.ecs.nfsclient.nfs.NfsLinkRequest;
import com.emc.ecs.nfsclient.nfs.NfsRemoveRequest;
import com.emc.ecs.nfsclient.nfs.NfsRequestBase;
import com.emc.ecs.nfsclient.nfs.NfsResponseBase;
import com.emc.ecs.nfsclient.nfs.NfsResponseHandler;
import com.emc.ecs.nfsclient.nfs.NfsSetAttributes;
import com.emc.ecs.nfsclient.nfs.NfsStatus;
import com.emc.ecs.nfsclient.nfs.NfsType;
import com.emc.ecs.nfsclient.nfs.NfsWriteRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3CommitRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3CommitResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3CreateRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3CreateResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3FsInfoRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3FsInfoResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3FsStatRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3FsStatResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3GetAttrRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3GetAttrResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3LinkResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3LookupRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3LookupResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3MkdirRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3MkdirResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3ReadRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3ReadResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3ReaddirRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3ReaddirResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3RemoveResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3RenameRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3RenameResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3RmdirRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3RmdirResponse;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3WriteRequest;
import com.emc.ecs.nfsclient.nfs.nfs3.Nfs3WriteResponse;
import com.emc.ecs.nfsclient.portmap.GetPortRequest;
import com.emc.ecs.nfsclient.portmap.GetPortResponse;
import com.emc.ecs.nfsclient.rpc.Credential;
import com.emc.ecs.nfsclient.rpc.CredentialNone;
import com.emc.ecs.nfsclient.rpc.CredentialUnix;
import com.emc.ecs.nfsclient.rpc.RejectStatus;
import com.emc.ecs.nfsclient.rpc.RpcException;
import com.emc.ecs.nfsclient.rpc.RpcRequest;
import com.emc.ecs.nfsclient.rpc.RpcResponse;
import com.emc.ecs.nfsclient.rpc.RpcStatus;
import com.emc.ecs.nfsclient.rpc.RpcWrapper;
import com.emc.ecs.nfsclient.rpc.Xdr;
import io.ferry.installer.share.ShareException.Kind;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A folder in an NFSv3 export, spoken to with nfs-client over TCP with AUTH_UNIX (uid/gid) credentials.
 *
 * <p>It uses nfs-client's RPC layer (request and response types, {@link RpcWrapper}, {@link NetMgr})
 * rather than its {@code Nfs3}/{@code NfsFile} facade, for three reasons:
 * <ul>
 *   <li>Speed: the facade's input stream asks the server for the file's attributes before every
 *       {@code read()} call, which with small reads is the "1 MiB/s" crawl seen before. Here a read is
 *       one READ of up to 1 MiB (or the server's rtmax), with {@value #READ_AHEAD} blocks in flight
 *       ahead of the reader; a write is WRITE UNSTABLE of up to 1 MiB (wtmax), {@value #WRITE_PARALLEL}
 *       in flight, and one COMMIT.</li>
 *   <li>Ports: the facade always asks the portmapper; here the NFS and mount ports may be given.</li>
 *   <li>Time limits: the facade waits 10 s per call with fixed retries; here the share's timeout applies.</li>
 * </ul>
 *
 * <p>Write-once: the data goes to a temporary file in the target folder, is committed to stable
 * storage, then gets its name with LINK, which fails (NFS3ERR_EXIST) if the name is taken; the
 * temporary name is then removed. (RENAME would replace an existing object.) On a server without hard
 * links it falls back to a lookup and RENAME, which is not atomic against a second writer.
 *
 * <p>The client connects from an unprivileged port: a Linux server needs the export option
 * {@code insecure}. Thread-safe; nfs-client keeps one TCP connection per server and port for the JVM,
 * and its netty keeps a non-daemon timer thread: a program that used an NFS share ends with
 * {@code System.exit} (as {@code ferry} does).
 */
final class NfsShare implements Share {
  static final int READ_AHEAD = 4;
  static final int WRITE_PARALLEL = 2;
  private static final int readAhead = Math.max(1, Integer.getInteger("ferry.share.nfs.readAhead", READ_AHEAD));
  private static final int writeParallel = Math.max(1, Integer.getInteger("ferry.share.nfs.writeParallel", WRITE_PARALLEL));
  private static final int PORTMAP_PORT = 111;
  private static final int MOUNT_PROGRAM = 100005;
  private static final int NFS_PROGRAM = 100003;
  private static final int VERSION = 3;
  private static final int RPC_BUFFER = 8192;
  private static final int WRITE_HEADER_ROOM = 4096;
  private static final long FILE_MODE = 0640;
  private static final long FOLDER_MODE = 0750;

  private final NfsShareSettings settings;
  private final String url;
  private final Credential cred;
  private final RpcWrapper<NfsRequestBase, NfsResponseBase> rpc;
  private final int mountPort;
  private final int seconds;
  private final Duration timeout;
  private final byte[] base;
  private final int readSize;
  private final int writeSize;
  private final ConcurrentHashMap<String, byte[]> folders = new ConcurrentHashMap<>();
  private final ExecutorService pool;

  private NfsShare(NfsShareSettings s, Credential cred, RpcWrapper<NfsRequestBase, NfsResponseBase> rpc, int mountPort,
      Duration timeout, byte[] base, int readSize, int writeSize) {
    this.settings = s;
    this.url = url(s);
    this.cred = cred;
    this.rpc = rpc;
    this.mountPort = mountPort;
    this.timeout = timeout;
    this.seconds = seconds(timeout);
    this.base = base;
    this.readSize = readSize;
    this.writeSize = writeSize;
    this.pool = BlockIo.newPool("ferry-nfs");
    folders.put("", base);
  }

  /** nfs://server[:port]/export/path. */
  static String url(NfsShareSettings s) {
    String host = s.server().contains(":") ? "[" + s.server() + "]" : s.server();
    String port = s.port().isPresent() ? ":" + s.port().getAsInt() : "";
    String export = s.export().endsWith("/") && s.export().length() > 1 ? s.export().substring(0, s.export().length() - 1) : s.export();
    return "nfs://" + host + port + export + (s.path().isEmpty() ? "" : (export.equals("/") ? "" : "/") + s.path());
  }

  private static int seconds(Duration t) {
    return (int) Math.max(1, Math.min(3600, (t.toMillis() + 999) / 1000));
  }

  static NfsShare open(NfsShareSettings s, Duration timeout) throws ShareException {
    List<String> path = SharePaths.folder(s.path());
    String server = s.server();
    try {
      InetAddress.getByName(server);
    } catch (UnknownHostException e) {
      throw new ShareException(Kind.UNREACHABLE, "cannot find the NFS server '" + server
          + "': check the name in the share settings, the host's DNS, or use the server's IP address", e);
    }
    int sec = seconds(timeout);
    Credential cred = new CredentialUnix(s.uid(), s.gid(), null);
    int nfsPort;
    int mountPort;
    if (s.port().isPresent() && s.mountPort().isPresent()) {
      nfsPort = s.port().getAsInt();
      mountPort = s.mountPort().getAsInt();
    } else {
      probe(server, PORTMAP_PORT, timeout, "the portmapper (rpcbind)",
          "start rpcbind on the NFS server and let TCP port 111 through the firewall, or enter the NFS and mount ports in the share settings");
      nfsPort = s.port().isPresent() ? s.port().getAsInt() : portOf(server, NFS_PROGRAM, "NFS version 3 over TCP", sec);
      mountPort = s.mountPort().isPresent() ? s.mountPort().getAsInt() : portOf(server, MOUNT_PROGRAM, "the mount service (mountd) version 3 over TCP", sec);
    }
    probe(server, mountPort, timeout, "the mount service (mountd)", "let TCP port " + mountPort + " through the firewall");
    probe(server, nfsPort, timeout, "the NFS service", "let TCP port " + nfsPort + " through the firewall");
    byte[] root = mount(s, cred, mountPort, sec);

    RpcWrapper<NfsRequestBase, NfsResponseBase> rpc = new RpcWrapper<>(server, nfsPort, 1000, 2, RPC_BUFFER, sec);
    rpc.setPort(nfsPort);
    NfsShare probeShare = new NfsShare(s, cred, rpc, mountPort, timeout, root, BlockIo.BLOCK, BlockIo.BLOCK);
    try {
      byte[] h = root;
      for (int i = 0; i < path.size(); i++) {
        Nfs3LookupResponse r;
        try {
          r = probeShare.lookup(h, path.get(i));
        } catch (FileNotFoundException e) {
          throw new ShareException(Kind.NOT_FOUND, "the folder '" + SharePaths.join(path.subList(0, i + 1))
              + "' does not exist in the export " + server + ":" + s.export()
              + ": create it there (owned by uid " + s.uid() + "), or correct the folder in the share settings", e);
        }
        NfsGetAttributes a = r.getAttributes();
        if (a != null && a.isLoaded() && a.getType() != NfsType.NFS_DIR) {
          throw new ShareException(Kind.NOT_FOUND, "'" + SharePaths.join(path.subList(0, i + 1)) + "' in the export "
              + server + ":" + s.export() + " is not a folder: correct the folder in the share settings");
        }
        h = r.getFileHandle();
      }
      Nfs3FsInfoResponse info = probeShare.call(new Nfs3FsInfoRequest(root, cred), new Nfs3FsInfoResponse());
      long rtmax = info.getFsInfo().rtmax;
      long wtmax = info.getFsInfo().wtmax;
      int rs = (int) (rtmax <= 0 ? 64 * 1024 : Math.min(BlockIo.BLOCK, rtmax));
      // nfs-client sends a request of up to 1 MiB as ONE record-marking fragment (one channel write);
      // a larger one goes out as two writes (header, then data), and two threads writing at once on
      // the shared connection then interleave them: the server answers GARBAGE_ARGS. So a WRITE
      // carries at most 1 MiB less room for its header.
      int ws = (int) (wtmax <= 0 ? 64 * 1024 : Math.min(BlockIo.BLOCK - WRITE_HEADER_ROOM, wtmax));
      return new NfsShare(s, cred, rpc, mountPort, timeout, h, rs, ws);
    } catch (IOException e) {
      throw probeShare.error("open", "", e);
    } finally {
      probeShare.pool.shutdownNow(); // the probe only made calls; the share returned has its own pool
    }
  }

  /** A plain TCP connect first, so a closed port or a silent firewall gets its own clear message. */
  private static void probe(String server, int port, Duration timeout, String what, String fix) throws ShareException {
    try (Socket sock = new Socket()) {
      sock.connect(new InetSocketAddress(server, port), (int) Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    } catch (SocketTimeoutException e) {
      throw new ShareException(Kind.TIMEOUT, "the NFS server " + server + " did not accept a connection to " + what
          + " (TCP port " + port + ") within " + timeout.toSeconds() + " s: check that it is up and that a firewall lets the port through", e);
    } catch (IOException e) {
      throw new ShareException(Kind.UNREACHABLE, "cannot connect to " + what + " on the NFS server " + server + ":" + port
          + " (" + e.getMessage() + "): " + fix, e);
    }
  }

  private static int portOf(String server, int program, String what, int sec) throws ShareException {
    Xdr x = new Xdr(128);
    new GetPortRequest(program, VERSION).marshalling(x);
    GetPortResponse r = new GetPortResponse();
    try {
      r.unmarshalling(NetMgr.getInstance().sendAndWait(server, PORTMAP_PORT, false, x, sec));
    } catch (RpcException e) {
      throw rpcFailure(server, "ask the portmapper for " + what, e, sec);
    }
    if (r.getPort() == 0) {
      throw new ShareException(Kind.UNREACHABLE, "the NFS server " + server + " does not offer " + what
          + " (its portmapper has no entry): enable NFSv3 over TCP on the server");
    }
    return r.getPort();
  }

  private static byte[] mount(NfsShareSettings s, Credential cred, int mountPort, int sec) throws ShareException {
    Xdr x = new Xdr(RPC_BUFFER);
    new MountRequest(VERSION, s.export(), cred).marshalling(x);
    MountResponse r = new MountResponse(VERSION);
    try {
      r.unmarshalling(NetMgr.getInstance().sendAndWait(s.server(), mountPort, false, x, sec));
    } catch (RpcException e) {
      throw rpcFailure(s.server(), "mount " + s.export(), e, sec);
    }
    int st = r.getMountStatus();
    if (st == MountStatus.MNT3_OK.getValue()) {
      return r.getRootFileHandle();
    }
    String where = s.server() + ":" + s.export();
    if (st == MountStatus.MNT3ERR_NOENT.getValue() || st == MountStatus.MNT3ERR_NOTDIR.getValue()
        || st == MountStatus.MNT3ERR_ACCES.getValue() || st == MountStatus.MNT3ERR_PERM.getValue()) {
      // Servers answer "access denied" for an export they do not have as well (NFS-Ganesha, Linux
      // mountd): the export list tells the two apart, and names the exports there are.
      List<String> exports = exports(s.server(), mountPort, sec);
      String known = exports == null ? "" : exports.isEmpty() ? " (it exports nothing)" : " (it exports " + String.join(", ", exports) + ")";
      if (exports != null && !exports.contains(s.export()) || st == MountStatus.MNT3ERR_NOENT.getValue()
          || st == MountStatus.MNT3ERR_NOTDIR.getValue()) {
        throw new ShareException(Kind.NOT_FOUND, "the NFS server " + s.server() + " has no export '" + s.export() + "'"
            + known + ": check the export in the share settings (showmount -e " + s.server() + " lists them)");
      }
      throw new ShareException(Kind.PERMISSION_DENIED, "the NFS server refused to let this host mount " + where
          + ": add this host's address to the export's allowed clients (and sec=sys to its security flavours)");
    }
    throw new ShareException(Kind.IO, "the NFS server could not mount " + where + " (mount status " + st + ")");
  }

  /** MOUNTPROC3_EXPORT: the server's export paths, or null if it will not say. */
  private static List<String> exports(String server, int mountPort, int sec) {
    RpcRequest request = new RpcRequest(MOUNT_PROGRAM, VERSION, 5, new CredentialNone()) {
      @Override
      public String getErrorMessage() {
        return "export list of " + server;
      }
    };
    try {
      Xdr x = new Xdr(RPC_BUFFER);
      request.marshalling(x);
      Xdr reply = NetMgr.getInstance().sendAndWait(server, mountPort, false, x, sec);
      new RpcResponse().unmarshalling(reply);
      List<String> out = new ArrayList<>();
      while (reply.getBoolean()) { // exportnode list: dir, then a list of groups
        out.add(reply.getString());
        while (reply.getBoolean()) {
          reply.getString();
        }
      }
      return out;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static ShareException rpcFailure(String server, String action, RpcException e, int sec) {
    if (e.getStatus() == RejectStatus.AUTH_ERROR) {
      return new ShareException(Kind.AUTHENTICATION, "the NFS server " + server + " rejected the credentials of the request to "
          + action + " (RPC AUTH_ERROR): allow AUTH_SYS (sec=sys) and requests from unprivileged ports on the export "
          + "(Linux: the 'insecure' option in /etc/exports)", e);
    }
    String m = String.valueOf(e.getMessage());
    if (m.contains("timeout")) {
      return new ShareException(Kind.TIMEOUT, "the NFS server " + server + " did not answer within " + sec + " s to "
          + action + ": check that it is up and reachable from this host", e);
    }
    if (e.getStatus() == RpcStatus.NETWORK_ERROR) {
      return new ShareException(Kind.UNREACHABLE, "cannot reach the NFS server " + server + " to " + action + " ("
          + m + "): check that it is up and that a firewall lets NFS through (TCP 111, 2049 and the mount port)", e);
    }
    return new ShareException(Kind.IO, "the NFS server " + server + " refused to " + action + ": " + m, e);
  }

  @Override
  public String describe() {
    return url;
  }

  // --- RPC calls ----------------------------------------------------------------------------

  private <T extends NfsResponseBase> T call(NfsRequestBase request, T response) throws IOException {
    rpc.callRpcWrapped(request, new NfsResponseHandler<T>() {
      @Override
      protected T makeNewResponse() {
        return response;
      }
    });
    return response;
  }

  private Nfs3LookupResponse lookup(byte[] dir, String name) throws IOException {
    return call(new Nfs3LookupRequest(dir, name, cred), new Nfs3LookupResponse());
  }

  private NfsGetAttributes attributes(Nfs3LookupResponse r) throws IOException {
    NfsGetAttributes a = r.getAttributes();
    if (a != null && a.isLoaded()) {
      return a;
    }
    return call(new Nfs3GetAttrRequest(r.getFileHandle(), cred), new Nfs3GetAttrResponse()).getAttributes();
  }

  private static boolean hasStatus(Throwable e, NfsStatus s) {
    return e instanceof NfsException ne && ne.getStatus() == s;
  }

  /** The handle of a folder; with {@code create}, missing folders are made on the way. */
  private byte[] folder(List<String> seg, boolean create) throws IOException {
    String key = SharePaths.join(seg);
    byte[] h = folders.get(key);
    if (h != null) {
      return h;
    }
    h = base;
    for (int i = 0; i < seg.size(); i++) {
      String prefix = SharePaths.join(seg.subList(0, i + 1));
      byte[] known = folders.get(prefix);
      if (known != null) {
        h = known;
        continue;
      }
      String name = seg.get(i);
      byte[] next;
      try {
        next = lookup(h, name).getFileHandle();
      } catch (FileNotFoundException e) {
        if (!create) {
          throw e;
        }
        try {
          next = call(new Nfs3MkdirRequest(h, name, new NfsSetAttributes(FOLDER_MODE, null, null, null, null), cred),
              new Nfs3MkdirResponse()).getFileHandle();
        } catch (NfsException ex) {
          if (!hasStatus(ex, NfsStatus.NFS3ERR_EXIST)) {
            throw ex;
          }
          next = null; // made by someone else just now
        }
        if (next == null) {
          next = lookup(h, name).getFileHandle();
        }
      }
      folders.put(prefix, next);
      h = next;
    }
    return h;
  }

  /** Runs an operation again once with fresh folder handles if the server says a handle went stale. */
  private interface Op<T> {
    T run() throws IOException, ShareException;
  }

  private <T> T retryStale(Op<T> op) throws IOException, ShareException {
    try {
      return op.run();
    } catch (NfsException e) {
      if (!hasStatus(e, NfsStatus.NFS3ERR_STALE)) {
        throw e;
      }
      folders.clear();
      folders.put("", base);
      return op.run();
    }
  }

  // --- Share --------------------------------------------------------------------------------

  @Override
  public boolean exists(String path) throws ShareException {
    List<String> seg = SharePaths.object(path);
    try {
      return retryStale(() -> {
        try {
          lookup(folder(seg.subList(0, seg.size() - 1), false), SharePaths.name(seg));
          return true;
        } catch (FileNotFoundException e) {
          return false;
        }
      });
    } catch (IOException e) {
      throw error("look for", path, e);
    }
  }

  @Override
  public long size(String path) throws ShareException {
    List<String> seg = SharePaths.object(path);
    try {
      return retryStale(() -> attributes(lookup(folder(seg.subList(0, seg.size() - 1), false), SharePaths.name(seg))).getSize());
    } catch (IOException e) {
      throw error("read the size of", path, e);
    }
  }

  @Override
  public InputStream read(String path) throws ShareException {
    List<String> seg = SharePaths.object(path);
    byte[] fh;
    long length;
    try {
      Nfs3LookupResponse r = retryStale(() -> lookup(folder(seg.subList(0, seg.size() - 1), false), SharePaths.name(seg)));
      fh = r.getFileHandle();
      NfsGetAttributes a = attributes(r);
      if (a.getType() == NfsType.NFS_DIR) {
        throw new ShareException(Kind.IO, "cannot read " + url + "/" + path + ": it is a folder");
      }
      length = a.getSize();
    } catch (IOException e) {
      throw error("read", path, e);
    }
    ReadAheadInputStream.BlockReader reader = (offset, b, off, len) -> {
      int n = Math.min(len, readSize);
      Nfs3ReadResponse r = call(new Nfs3ReadRequest(fh, offset, n, cred), new Nfs3ReadResponse(b, off));
      int got = r.getBytesRead();
      return got == 0 && r.isEof() ? -1 : got;
    };
    return new ReadAheadInputStream(reader, length, readAhead, pool, e -> error("read", path, e), () -> { });
  }

  @Override
  public boolean putIfAbsent(String path, InputStream data, long length) throws ShareException {
    List<String> seg = SharePaths.object(path);
    String name = SharePaths.name(seg);
    String tmpName = SharePaths.tempName(name);
    byte[][] dirHolder = new byte[1][];
    boolean created = false;
    try {
      byte[] dir = retryStale(() -> folder(seg.subList(0, seg.size() - 1), true));
      dirHolder[0] = dir;
      try {
        lookup(dir, name);
        return false;
      } catch (FileNotFoundException absent) {
        // the usual case: write it
      }
      byte[] fh = call(new Nfs3CreateRequest(NfsCreateMode.GUARDED, dir, tmpName,
          new NfsSetAttributes(FILE_MODE, null, null, null, null), null, cred), new Nfs3CreateResponse()).getFileHandle();
      created = true;
      AtomicLong verifier = new AtomicLong(Long.MIN_VALUE);
      BlockIo.copy(data, length, (offset, b, len) -> {
        for (int done = 0; done < len; ) {
          int n = Math.min(writeSize, len - done);
          Nfs3WriteResponse w = call(new Nfs3WriteRequest(fh, offset + done, new ArrayList<>(List.of(ByteBuffer.wrap(b, done, n))), // nfs-client appends XDR padding to this list
             
              NfsWriteRequest.UNSTABLE, cred), new Nfs3WriteResponse());
          checkVerifier(verifier, w.getVerf());
          if (w.getCount() <= 0) {
            throw new IOException("the NFS server wrote nothing at offset " + (offset + done));
          }
          done += w.getCount();
        }
      }, writeSize, writeParallel, pool);
      if (length > 0) {
        Nfs3CommitResponse c = call(new Nfs3CommitRequest(fh, 0, 0, cred), new Nfs3CommitResponse());
        checkVerifier(verifier, c.getVerf());
      }
      return publish(dir, tmpName, fh, name);
    } catch (BlockIo.SourceException e) {
      throw new ShareException(Kind.IO, "could not write " + path + " to " + url + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw error("write", path, e);
    } finally {
      if (created) {
        try {
          call(new NfsRemoveRequest(dirHolder[0], tmpName, cred, VERSION), new Nfs3RemoveResponse());
        } catch (IOException ignored) {
          // a leftover temporary object is cleaned up by retention (its name says what it is)
        }
      }
    }
  }

  /** A changed write verifier means the server restarted and may have lost unstable writes. */
  private static void checkVerifier(AtomicLong seen, long verf) throws IOException {
    if (!seen.compareAndSet(Long.MIN_VALUE, verf) && seen.get() != verf) {
      throw new IOException("the NFS server restarted while the object was written (its write verifier changed); write it again");
    }
  }

  /** Links the finished temporary file under its name; false if the name is taken. */
  private boolean publish(byte[] dir, String tmpName, byte[] fh, String name) throws IOException {
    try {
      call(new NfsLinkRequest(fh, dir, name, cred, VERSION), new Nfs3LinkResponse());
      return true;
    } catch (NfsException e) {
      if (hasStatus(e, NfsStatus.NFS3ERR_EXIST)) {
        return false;
      }
      if (!hasStatus(e, NfsStatus.NFS3ERR_NOTSUPP) && !hasStatus(e, NfsStatus.NFS3ERR_MLINK)) {
        throw e;
      }
    }
    // No hard links on this server: look, then rename (not atomic against another writer).
    try {
      lookup(dir, name);
      return false;
    } catch (FileNotFoundException absent) {
      call(new Nfs3RenameRequest(dir, tmpName, dir, name, cred), new Nfs3RenameResponse());
      return true;
    }
  }

  @Override
  public void mkdirs(String dir) throws ShareException {
    List<String> seg = SharePaths.folder(dir);
    try {
      retryStale(() -> folder(seg, true));
    } catch (IOException e) {
      throw error("create the folder", dir, e);
    }
  }

  @Override
  public List<String> list(String dir) throws ShareException {
    List<String> seg = SharePaths.folder(dir);
    try {
      return retryStale(() -> {
        byte[] h;
        try {
          h = folder(seg, false);
        } catch (FileNotFoundException e) {
          return List.of();
        }
        List<String> names = new ArrayList<>();
        long cookie = 0;
        long verf = 0;
        while (true) {
          Nfs3ReaddirResponse r;
          try {
            r = call(new Nfs3ReaddirRequest(h, cookie, verf, 64 * 1024, cred), new Nfs3ReaddirResponse());
          } catch (NfsException e) {
            if (hasStatus(e, NfsStatus.NFS3ERR_NOTDIR)) {
              folders.remove(SharePaths.join(seg)); // an object, not a folder
              return List.of();
            }
            throw e;
          }
          for (NfsDirectoryEntry e : r.getEntries()) {
            String n = e.getFileName();
            if (!n.equals(".") && !n.equals("..")) {
              names.add(n);
            }
            cookie = e.getCookie();
          }
          verf = r.getCookieverf();
          if (r.isEof() || r.getEntries().isEmpty()) {
            break;
          }
        }
        names.sort(null);
        return names;
      });
    } catch (IOException e) {
      throw error("list", dir, e);
    }
  }

  @Override
  public void delete(String path) throws ShareException {
    List<String> seg = SharePaths.objectOrTemp(path);
    String name = SharePaths.name(seg);
    try {
      retryStale(() -> {
        byte[] dir;
        Nfs3LookupResponse r;
        try {
          dir = folder(seg.subList(0, seg.size() - 1), false);
          r = lookup(dir, name);
        } catch (FileNotFoundException e) {
          return null;
        }
        try {
          if (attributes(r).getType() == NfsType.NFS_DIR) {
            call(new Nfs3RmdirRequest(dir, name, cred), new Nfs3RmdirResponse());
            String key = SharePaths.join(seg);
            folders.keySet().removeIf(k -> k.equals(key) || k.startsWith(key + "/"));
          } else {
            call(new NfsRemoveRequest(dir, name, cred, VERSION), new Nfs3RemoveResponse());
          }
        } catch (FileNotFoundException e) {
          // removed by someone else meanwhile
        }
        return null;
      });
    } catch (IOException e) {
      throw error("delete", path, e);
    }
  }

  @Override
  public OptionalLong freeBytes() throws ShareException {
    try {
      Nfs3FsStatResponse r = call(new Nfs3FsStatRequest(base, cred), new Nfs3FsStatResponse());
      return OptionalLong.of(r.getFsStat().bytes);
    } catch (IOException e) {
      throw error("ask the free space of", "", e);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
    // Tell the mount daemon we are done (advisory in NFSv3); the TCP connections stay with nfs-client.
    try {
      Xdr x = new Xdr(RPC_BUFFER);
      new UnmountRequest(VERSION, settings.export(), cred).marshalling(x);
      NetMgr.getInstance().sendAndWait(settings.server(), mountPort, false, x, Math.min(seconds, 5));
    } catch (IOException ignored) {
      // nothing to undo
    }
  }

  /** Turns what nfs-client threw into a kind and a message that names the server, the export and the fix. */
  ShareException error(String action, String path, Throwable e) {
    String server = settings.server();
    String where = path.isEmpty() ? url : url + "/" + path;
    String who = "uid " + settings.uid() + "/gid " + settings.gid();
    if (e instanceof FileNotFoundException) {
      return new ShareException(Kind.NOT_FOUND, "cannot " + action + " " + where + ": it does not exist", e);
    }
    for (Throwable c = e; c != null; c = c.getCause()) {
      if (c instanceof RpcException re) {
        return rpcFailure(server, action + " " + where, re, seconds);
      }
      if (c instanceof ConnectException || c instanceof NoRouteToHostException) {
        return new ShareException(Kind.UNREACHABLE, "cannot connect to the NFS server " + server + " to " + action + " "
            + where + " (" + c.getMessage() + "): check that it is up and that a firewall lets NFS through", e);
      }
      if (c instanceof SocketTimeoutException || c instanceof InterruptedIOException) {
        return new ShareException(Kind.TIMEOUT, "the NFS server " + server + " did not answer within " + timeout.toSeconds()
            + " s while trying to " + action + " " + where, e);
      }
    }
    if (e instanceof NfsException ne) {
      NfsStatus s = ne.getStatus();
      if (s == NfsStatus.NFS3ERR_NOENT) {
        return new ShareException(Kind.NOT_FOUND, "cannot " + action + " " + where + ": it does not exist", e);
      }
      if (s == NfsStatus.NFS3ERR_ACCES || s == NfsStatus.NFS3ERR_PERM) {
        return new ShareException(Kind.PERMISSION_DENIED, "the NFS server " + server + " does not let " + who + " " + action
            + " " + where + ": give that uid/gid write access to the folder on the server (chown/chmod), or set the uid/gid "
            + "in the share settings to the folder's owner", e);
      }
      if (s == NfsStatus.NFS3ERR_ROFS) {
        return new ShareException(Kind.PERMISSION_DENIED, "the NFS server " + server + " exports " + settings.export()
            + " read-only, so Ferry cannot " + action + " " + where + ": export it read-write (rw)", e);
      }
      if (s == NfsStatus.NFS3ERR_NOSPC || s == NfsStatus.NFS3ERR_DQUOT) {
        return new ShareException(Kind.FULL, "the NFS export " + server + ":" + settings.export() + " is full"
            + (s == NfsStatus.NFS3ERR_DQUOT ? " (quota of " + who + " used up)" : "") + " while trying to " + action + " "
            + where + ": free space on it, enlarge it, or let retention remove old backups", e);
      }
      if (s == NfsStatus.NFS3ERR_STALE || s == NfsStatus.NFS3ERR_BADHANDLE) {
        return new ShareException(Kind.IO, "the NFS server " + server + " no longer knows a file handle while trying to "
            + action + " " + where + " (the export changed or the server restarted): try again", e);
      }
      if (s == NfsStatus.NFS3ERR_NOTEMPTY) {
        return new ShareException(Kind.IO, "cannot " + action + " " + where + ": the folder is not empty", e);
      }
      if (s == NfsStatus.NFS3ERR_NOTDIR) {
        return new ShareException(Kind.IO, "cannot " + action + " " + where + ": a part of the path is a file, not a folder", e);
      }
      return new ShareException(Kind.IO, "cannot " + action + " " + where + " on the NFS server " + server + " (" + s + ")", e);
    }
    return new ShareException(Kind.IO, "cannot " + action + " " + where + " on the NFS server " + server + ": " + e.getMessage(), e);
  }
}

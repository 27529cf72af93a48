package io.ferry.installer.share;

import java.io.InputStream;
import java.util.List;
import java.util.OptionalLong;

/**
 * A folder on a file share, seen as a flat store of write-once objects in nested folders.
 *
 * <p>Paths are relative to the share's base folder, '/'-separated, and made of portable names
 * (letters, digits and {@code . _ - + = @ ,}; no {@code ..}, no empty segments, no leading '/'):
 * see {@link SharePaths}. Names that start with {@value SharePaths#TEMP_PREFIX} are reserved for
 * objects being written; {@link #list} shows them (so retention can clean up after a crash, see
 * {@link Shares#isTemporary}), no other method accepts them.
 *
 * <p>Thread safety: implementations are safe for use by several threads at once; streams returned by
 * {@link #read} are for one thread. Closing the share ends its open streams.
 */
public interface Share extends AutoCloseable {
  /** Where this share is, for messages and logs: "smb://127.0.0.1:4450/share/ferry". Never contains a password. */
  String describe();

  /** Whether an object or folder exists at {@code path}. */
  boolean exists(String path) throws ShareException;

  /** The size in bytes of the object at {@code path}; {@link ShareException.Kind#NOT_FOUND} if there is none. */
  long size(String path) throws ShareException;

  /**
   * Opens the object at {@code path} for reading: a buffered stream that reads ahead in large requests
   * (1 MiB where the protocol allows). A failure while reading is an {@link java.io.IOException} whose
   * cause is the {@link ShareException} that says what happened.
   */
  InputStream read(String path) throws ShareException;

  /**
   * Writes a new object: data goes to a temporary name in the same folder, then is renamed to path.
   * Returns false (and writes nothing) if path exists already. Never replaces an existing object
   * (write-once).
   *
   * <p>Exactly {@code length} bytes are read from {@code data} (never more, so a caller can hand over a
   * slice of a longer stream; it is not closed here); a stream that ends early or fails fails the put
   * with {@link ShareException.Kind#IO} and leaves nothing behind. Missing
   * parent folders are created. The data is made durable before the object appears under its name
   * where the protocol offers a way (local: fsync; NFS: COMMIT; SMB: none in jcifs-ng, the server
   * writes it back as it does for any closed file).
   */
  boolean putIfAbsent(String path, InputStream data, long length) throws ShareException;

  /** Creates the folder {@code dir} and its parents if they are missing. */
  void mkdirs(String dir) throws ShareException;

  /**
   * The names in {@code dir} (objects and folders, sorted, without "." and ".."); empty if dir is
   * missing or is an object.
   */
  List<String> list(String dir) throws ShareException;

  /**
   * Deletes the object (or empty folder) at {@code path}; nothing happens if there is none. Only for
   * retention/prune, and for cleaning up temporary objects.
   */
  void delete(String path) throws ShareException;

  /** The bytes still free for this user on the share, if the protocol can tell. */
  OptionalLong freeBytes() throws ShareException;

  /** Closes connections and stops background readers; the share cannot be used afterwards. */
  @Override
  void close() throws ShareException;
}

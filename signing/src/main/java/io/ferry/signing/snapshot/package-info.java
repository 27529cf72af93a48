/**
 * The snapshot format: how a backup (or a bundle's vanilla data) is cut into chunks, how chunks are
 * stored and named, and the snapshot document that lists them. Docker-free and share-free: the
 * installer's backup repository stores chunks and documents on a share, the bundler puts them into a
 * bundle, and both restore through {@link io.ferry.signing.snapshot.SnapshotStreamReader} over a
 * {@link io.ferry.signing.snapshot.ChunkSource}.
 *
 * <ul>
 *   <li>{@link io.ferry.signing.snapshot.FastCdcChunker}: content-defined chunks (FastCDC, normalized,
 *       gear table from a fixed seed), {@link io.ferry.signing.snapshot.ChunkerParams} 256 KiB / 1 MiB /
 *       4 MiB by default;
 *   <li>{@link io.ferry.signing.snapshot.ChunkCodec}: a chunk is stored as one zstd frame and named by
 *       the SHA-256 of its plain bytes; decoding verifies both;
 *   <li>{@link io.ferry.signing.snapshot.Snapshot}: the line-oriented document, deterministic bytes,
 *       id = SHA-256 of them, strict parsing.
 * </ul>
 *
 * <p>docs/onprem/backup-format.md is the contract; change it with the code. Depends on the JDK,
 * zstd-jni and {@link io.ferry.signing.manifest.Sha256} only.
 */
package io.ferry.signing.snapshot;

/**
 * The backup repository on a share: {@link io.ferry.installer.backup.BackupRepository} is the one entry
 * point (init/open, {@link io.ferry.installer.backup.SnapshotWriter} for a backup, snapshots, restore
 * streams, verify, check, newest snapshot that verifies, forget and prune). The format of chunks and
 * snapshot documents is {@link io.ferry.signing.snapshot}; the layout, the write-once rules, locks and
 * retention are this package's, documented in docs/onprem/backup-format.md.
 *
 * <p>Dependencies: {@link io.ferry.installer.share} (through the {@code Share} interface only, never a
 * protocol library), {@link io.ferry.signing.snapshot} and {@link io.ferry.common.progress}. No Docker:
 * the streams (database dumps, volume tars) come from the caller.
 *
 * <p>Every failure is a {@link io.ferry.installer.backup.BackupException} with a kind (for exit codes)
 * and a message that says what to do; reading a damaged chunk is an {@code IOException} from the
 * snapshot reader that names the chunk.
 */
package io.ferry.installer.backup;

package io.ferry.installer.backup;

import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareTestBed;
import io.ferry.installer.share.Shares;
import io.ferry.installer.share.SmbShareSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;

/** The backup repository contract against the real Samba server of the test bed (scripts/testbed.sh smb). */
class BackupRepositorySmbIT extends BackupRepositoryContract {
  static final Properties BED = ShareTestBed.load("smb");

  static Share open() throws Exception {
    Path passwordFile = Path.of(BED.getProperty("smb.passwordFile"));
    SmbShareSettings s = new SmbShareSettings(BED.getProperty("smb.server"), Integer.parseInt(BED.getProperty("smb.port")),
        BED.getProperty("smb.share"), "", "", BED.getProperty("smb.user"), passwordFile);
    return Shares.open(s, Files.readString(passwordFile).trim().toCharArray(), Duration.ofSeconds(20));
  }

  @Override
  protected Share openShare() throws Exception {
    return open();
  }
}

package io.ferry.installer.backup;

import io.ferry.installer.share.NfsShareSettings;
import io.ferry.installer.share.Share;
import io.ferry.installer.share.ShareTestBed;
import io.ferry.installer.share.Shares;
import java.time.Duration;
import java.util.Properties;

/** The backup repository contract against the real NFSv3 server of the test bed (scripts/testbed.sh nfs). */
class BackupRepositoryNfsIT extends BackupRepositoryContract {
  static final Properties BED = ShareTestBed.load("nfs");

  @Override
  protected Share openShare() throws Exception {
    NfsShareSettings s = new NfsShareSettings(BED.getProperty("nfs.server"), BED.getProperty("nfs.export"), "",
        Integer.parseInt(BED.getProperty("nfs.uid")), Integer.parseInt(BED.getProperty("nfs.gid")));
    return Shares.open(s, null, Duration.ofSeconds(20));
  }
}

package io.ferry.installer.share;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.Key;
import java.security.Provider;
import java.security.spec.AlgorithmParameterSpec;
import javax.crypto.Cipher;
import javax.crypto.MacSpi;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Fast SMB 3 message signing for jcifs-ng. SMB 3.x signs every message with AES-CMAC; jcifs-ng asks
 * its crypto provider (Bouncy Castle, pure-Java AES) for it, which managed about 150 MiB/s here and
 * capped writes well below what the link and the server could do. This provider computes the same
 * AES-CMAC (RFC 4493) with the JDK's AES, which uses the CPU's AES instructions (about 1 GiB/s), and
 * hands MD4 (NTLM) on to Bouncy Castle as before.
 *
 * <p>Installed once per JVM with {@code jcifs.util.Crypto.initProvider} before jcifs-ng needs a
 * provider; if something else initialised jcifs-ng's provider first, signing still works, only slower.
 */
final class SmbSigning {
  private static boolean installed;

  private SmbSigning() {}

  /** Installs the provider unless jcifs-ng already has one; true if ours is in use. */
  static synchronized boolean install() {
    if (!installed) {
      try {
        jcifs.util.Crypto.initProvider(new FastProvider());
        installed = true;
      } catch (RuntimeException e) {
        // jcifs-ng's provider was chosen before us: keep it
        installed = jcifs.util.Crypto.getProvider() instanceof FastProvider;
      }
    }
    return installed;
  }

  /** AESCMAC from the JDK's AES; MD4 from Bouncy Castle. */
  static final class FastProvider extends Provider {
    private static final long serialVersionUID = 1L;

    FastProvider() {
      super("FerrySmbSigning", "1.0", "AES-CMAC on the JDK's AES for SMB 3 signing; MD4 from Bouncy Castle");
      putService(new Service(this, "Mac", "AESCMAC", AesCmac.class.getName(), null, null) {
        @Override
        public Object newInstance(Object param) {
          return new AesCmac();
        }
      });
      putService(new Service(this, "MessageDigest", "MD4", "org.bouncycastle.jcajce.provider.digest.MD4$Digest", null, null) {
        @Override
        public Object newInstance(Object param) {
          return new org.bouncycastle.jcajce.provider.digest.MD4.Digest();
        }
      });
    }
  }

  /**
   * AES-CMAC (RFC 4493) as a streaming {@link MacSpi}: CBC-MAC over all blocks but the last, which is
   * masked with subkey K1 (complete) or padded and masked with K2 (incomplete). The last 1..16 bytes
   * are always held back, since only the end of the message says which they are.
   */
  static final class AesCmac extends MacSpi {
    private static final int B = 16;
    private final byte[] k1 = new byte[B];
    private final byte[] k2 = new byte[B];
    private final byte[] pending = new byte[B];
    private final byte[] last = new byte[B];
    private final byte[] scratch = new byte[64 * 1024];
    private SecretKeySpec key;
    private Cipher cbc;
    private int pendingLen;

    @Override
    protected int engineGetMacLength() {
      return B;
    }

    @Override
    protected void engineInit(Key k, AlgorithmParameterSpec params) throws InvalidKeyException {
      byte[] raw = k.getEncoded();
      if (raw == null || (raw.length != 16 && raw.length != 24 && raw.length != 32)) {
        throw new InvalidKeyException("AES-CMAC needs a 128, 192 or 256 bit key");
      }
      key = new SecretKeySpec(raw, "AES");
      try {
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, key);
        byte[] l = ecb.doFinal(new byte[B]);
        doubling(l, k1);
        doubling(k1, k2);
        cbc = Cipher.getInstance("AES/CBC/NoPadding");
      } catch (GeneralSecurityException e) {
        throw new InvalidKeyException("AES is not available: " + e.getMessage(), e);
      }
      engineReset();
    }

    /** Multiplication by x in GF(2^128): shift left one bit, xor 0x87 if a bit fell off. */
    private static void doubling(byte[] in, byte[] out) {
      int carry = 0;
      for (int i = B - 1; i >= 0; i--) {
        int b = in[i] & 0xff;
        out[i] = (byte) ((b << 1) | carry);
        carry = b >>> 7;
      }
      if ((in[0] & 0x80) != 0) {
        out[B - 1] ^= (byte) 0x87;
      }
    }

    @Override
    protected void engineUpdate(byte input) {
      engineUpdate(new byte[] {input}, 0, 1);
    }

    @Override
    protected void engineUpdate(byte[] in, int off, int len) {
      if (len <= 0) {
        return;
      }
      if (pendingLen > 0 || len <= B) {
        int take = Math.min(B - pendingLen, len);
        System.arraycopy(in, off, pending, pendingLen, take);
        pendingLen += take;
        off += take;
        len -= take;
        if (len == 0) {
          return;
        }
        chain(pending, 0, B); // more follows, so the pending block was not the last
        pendingLen = 0;
      }
      int keep = len % B == 0 ? B : len % B;
      int bulk = len - keep;
      if (bulk > 0) {
        chain(in, off, bulk);
      }
      System.arraycopy(in, off + bulk, pending, 0, keep);
      pendingLen = keep;
    }

    private void chain(byte[] in, int off, int len) {
      try {
        while (len > 0) {
          int n = Math.min(len, scratch.length);
          cbc.update(in, off, n, scratch, 0);
          off += n;
          len -= n;
        }
      } catch (ShortBufferException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    protected byte[] engineDoFinal() {
      byte[] k = pendingLen == B ? k1 : k2;
      if (pendingLen < B) {
        pending[pendingLen] = (byte) 0x80;
        for (int i = pendingLen + 1; i < B; i++) {
          pending[i] = 0;
        }
      }
      for (int i = 0; i < B; i++) {
        last[i] = (byte) (pending[i] ^ k[i]);
      }
      byte[] tag = cbc.update(last, 0, B);
      engineReset();
      return tag;
    }

    @Override
    protected void engineReset() {
      pendingLen = 0;
      try {
        cbc.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(new byte[B]));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}

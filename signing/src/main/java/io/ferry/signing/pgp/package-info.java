/**
 * OpenPGP release keys and detached signatures, with Bouncy Castle: {@link
 * io.ferry.signing.pgp.ReleaseKeyGenerator} makes a key, {@link io.ferry.signing.pgp.SigningKey}
 * signs a bundle manifest with it, {@link io.ferry.signing.pgp.TrustStore} checks the signature
 * on the installer's host.
 *
 * <p>Everything here interoperates with GnuPG 2.2: keys are Ed25519 in the v4 "EdDSA legacy"
 * encoding, signatures are detached, binary-mode, SHA-512 and ASCII-armoured, so {@code gpg
 * --import release.asc} and {@code gpg --verify manifest.asc manifest} give the same verdict by
 * hand. One difference is deliberate: gpg exits 0 for a good signature by an expired or revoked
 * key and only warns (status lines {@code EXPKEYSIG} / {@code REVKEYSIG}); the trust store
 * refuses it. Tell people checking by hand to read gpg's output, not only its exit code.
 *
 * <p>Every failure a user can cause is a checked {@link io.ferry.signing.pgp.SigningException}
 * subclass with a one-line message naming the file or key; front ends add the fix.
 *
 * <p>This package depends on the JDK and Bouncy Castle only, and uses Bouncy Castle's lightweight
 * ("Bc") operators, so no JCA provider needs to be registered.
 */
package io.ferry.signing.pgp;

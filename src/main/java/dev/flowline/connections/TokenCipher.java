package dev.flowline.connections;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts connection secrets (tokens, webhook secrets) for the database with the JDK's AES-256-GCM: a fresh
 * 96-bit nonce per value, a 128-bit tag, and the row's id as associated data, so a ciphertext copied into
 * another connection's row does not decrypt. The key never enters the database: it is
 * {@code flowline.connections.key} (base64 of 32 bytes) or, when that is unset, a key generated once into
 * {@code <data-dir>/connections.key} (owner-only permissions). Losing the key loses the tokens, nothing else.
 */
public final class TokenCipher {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final SecretKey key;

  private TokenCipher(byte[] key) {
    if (key.length != 32) {
      throw new IllegalStateException("flowline.connections.key must be the base64 of 32 random bytes (AES-256), "
          + "got " + key.length + " bytes");
    }
    this.key = new SecretKeySpec(key, "AES");
  }

  /** The configured key (base64), or the one in {@code keyFile}, generated there on first use. */
  public static TokenCipher of(String configuredKey, Path keyFile) {
    if (configuredKey != null && !configuredKey.isBlank()) {
      try {
        return new TokenCipher(Base64.getDecoder().decode(configuredKey.strip()));
      } catch (IllegalArgumentException e) {
        throw new IllegalStateException("flowline.connections.key is not base64", e);
      }
    }
    try {
      if (!Files.exists(keyFile)) {
        Files.createDirectories(keyFile.toAbsolutePath().getParent());
        byte[] generated = new byte[32];
        RANDOM.nextBytes(generated);
        try {
          Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.write(keyFile, Base64.getEncoder().encode(generated), StandardOpenOption.TRUNCATE_EXISTING);
        } catch (FileAlreadyExistsException raced) {
          // another node or thread wrote it first: use theirs
        }
      }
      return new TokenCipher(Base64.getDecoder().decode(Files.readString(keyFile, StandardCharsets.US_ASCII).strip()));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or create the connections key " + keyFile, e);
    }
  }

  /** Base64 of nonce, ciphertext and tag, bound to {@code owner}. */
  public String encrypt(String plaintext, String owner) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
      byte[] out = new byte[NONCE_BYTES + sealed.length];
      System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
      System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
      return Base64.getEncoder().encodeToString(out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is not available", e);
    }
  }

  /** The plaintext; IllegalStateException (without the value) when the key or the owner does not match. */
  public String decrypt(String stored, String owner) {
    try {
      byte[] in = Base64.getDecoder().decode(stored);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
      cipher.updateAAD(owner.getBytes(StandardCharsets.UTF_8));
      return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("The stored secret of " + owner + " cannot be decrypted with this key "
          + "(was flowline.connections.key or <data-dir>/connections.key changed?)");
    }
  }
}

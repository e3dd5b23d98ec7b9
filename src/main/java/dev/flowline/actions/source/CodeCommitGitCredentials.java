package dev.flowline.actions.source;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * The git credentials CodeCommit accepts over HTTPS in place of a password, derived from AWS credentials with
 * SigV4 exactly as {@code aws codecommit credential-helper} derives them: the user is the access key id (with
 * {@code %<session token>} appended for temporary credentials), the password is {@code <yyyyMMdd'T'HHmmss>Z}
 * followed by the SigV4 signature of the request {@code GIT <path>} for the host (without port), service
 * {@code codecommit}. A password is valid for a few minutes from {@code now}.
 */
public final class CodeCommitGitCredentials {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private CodeCommitGitCredentials() {}

  /** A git user name and password. {@link #toString()} never shows the password. */
  public record GitCredentials(String username, String password) {
    @Override
    public String toString() {
      return "GitCredentials[username=" + username.split("%", 2)[0] + ", password=****]";
    }
  }

  public static GitCredentials derive(AwsCredentials credentials, String region, URI repositoryUrl, Instant now) {
    String timestamp = TIMESTAMP.format(now);
    String canonicalRequest = "GIT\n" + repositoryUrl.getRawPath() + "\n\nhost:" + repositoryUrl.getHost()
        + "\n\nhost\n";
    String scope = timestamp.substring(0, 8) + "/" + region + "/codecommit/aws4_request";
    String stringToSign = "AWS4-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + HEX.formatHex(sha256(canonicalRequest));
    byte[] key = hmac(("AWS4" + credentials.secretAccessKey()).getBytes(StandardCharsets.UTF_8), timestamp.substring(0, 8));
    key = hmac(key, region);
    key = hmac(key, "codecommit");
    key = hmac(key, "aws4_request");
    String signature = HEX.formatHex(hmac(key, stringToSign));
    String username = credentials.accessKeyId();
    if (credentials instanceof AwsSessionCredentials session) {
      username += "%" + session.sessionToken();
    }
    return new GitCredentials(username, timestamp + "Z" + signature);
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}

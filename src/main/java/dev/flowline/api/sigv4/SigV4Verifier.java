package dev.flowline.api.sigv4;

import dev.flowline.api.ApiProperties.Credential;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 ({@code AWS4-HMAC-SHA256} in the {@code Authorization} header) the way
 * an AWS service does: rebuilds the canonical request from what arrived, derives the signing key from
 * the secret of the access key named in the credential scope, and compares signatures in constant time.
 * Checks, in order: header present and well formed, request date present, access key known, scope
 * (date, region, service, terminator), clock skew (at most 5 minutes), {@code host}, the date header and
 * every {@code x-amz-*} header signed ({@link #checkHeaders}, before the body is read), then payload hash and
 * signature ({@link HeaderCheck#verifyBody}). The first failure is thrown as a {@link SigV4Exception}.
 *
 * <p>Thread-safe; signing keys are cached per key, day, region and service.
 */
public final class SigV4Verifier {

  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final Duration MAX_SKEW = Duration.ofMinutes(5);
  private static final DateTimeFormatter AMZ_DATE =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
  private static final HexFormat HEX = HexFormat.of();

  private final Map<String, Credential> credentials;
  private final String region;
  private final String service;
  private final Clock clock;
  private final Map<String, byte[]> signingKeys = new ConcurrentHashMap<>();

  public SigV4Verifier(List<Credential> credentials, String region, String service, Clock clock) {
    this.credentials = credentials.stream()
        .collect(Collectors.toUnmodifiableMap(Credential::accessKeyId, Function.identity(), (a, b) -> a));
    this.region = region;
    this.service = service;
    this.clock = clock;
  }

  private SigV4Verifier(Map<String, Credential> credentials, String region, String service, Clock clock) {
    this.credentials = credentials;
    this.region = region;
    this.service = service;
    this.clock = clock;
  }

  /** The same key pairs, region and clock, for requests signed for another service (e.g. {@code codecommit}). */
  public SigV4Verifier forService(String otherService) {
    return new SigV4Verifier(credentials, region, otherService, clock);
  }

  /** The service name a request's credential scope must carry. */
  public String service() {
    return service;
  }

  /** Returns the caller when the request carries a valid signature; throws {@link SigV4Exception} otherwise. */
  public VerifiedCaller verify(SignedRequest request) {
    return checkHeaders(request).verifyBody(request.body());
  }

  /**
   * The checks that need no body: the Authorization header's form, the request date, the access key, the
   * credential scope, the clock skew and the signed-header list. A server calls this before it reads a byte of
   * the body, so a request that cannot be authentic costs it no more than its headers; the returned check
   * then verifies the payload hash and the signature once the (bounded) body has been read.
   * {@code request}'s body is ignored.
   */
  public HeaderCheck checkHeaders(SignedRequest request) {
    String authorization = request.firstHeader("authorization");
    if (authorization == null || authorization.isBlank()) {
      throw SigV4Exception.missingToken();
    }
    Authorization auth = Authorization.parse(authorization.strip());
    DatedRequest dated = requestDate(request);
    Credential credential = credentials.get(auth.accessKeyId());
    if (credential == null) {
      throw SigV4Exception.unrecognizedClient();
    }
    checkScope(auth, dated);
    checkSkew(dated.instant());
    checkSignedHeaders(auth, dated, request);
    return new HeaderCheck(request, auth, dated, credential);
  }

  /** A request whose headers passed {@link #checkHeaders}; {@link #verifyBody} finishes the verification. */
  public final class HeaderCheck {
    private final SignedRequest request;
    private final Authorization auth;
    private final DatedRequest dated;
    private final Credential credential;

    private HeaderCheck(SignedRequest request, Authorization auth, DatedRequest dated, Credential credential) {
      this.request = request;
      this.auth = auth;
      this.dated = dated;
      this.credential = credential;
    }

    /** Returns the caller when the body hashes and the signature match; throws {@link SigV4Exception} otherwise. */
    public VerifiedCaller verifyBody(byte[] body) {
      String payloadHash = payloadHash(request, body == null ? new byte[0] : body);
      String canonicalRequest = canonicalRequest(request, auth.signedHeaders(), payloadHash);
      String stringToSign = ALGORITHM + "\n" + dated.amzDate() + "\n" + auth.scope() + "\n"
          + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
      byte[] key = signingKey(credential, auth.scopeDate(), auth.scopeRegion(), auth.scopeService());
      byte[] expected = HEX.formatHex(hmac(key, stringToSign)).getBytes(StandardCharsets.US_ASCII);
      byte[] provided = auth.signature().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
      if (!MessageDigest.isEqual(expected, provided)) {
        throw SigV4Exception.signatureMismatch();
      }
      return new VerifiedCaller(credential.accessKeyId(), credential.user());
    }
  }

  private record DatedRequest(String amzDate, Instant instant, String headerName) {}

  private static DatedRequest requestDate(SignedRequest request) {
    String amzDate = request.firstHeader("x-amz-date");
    if (amzDate != null) {
      try {
        return new DatedRequest(amzDate, Instant.from(AMZ_DATE.parse(amzDate.strip())), "x-amz-date");
      } catch (DateTimeParseException e) {
        throw SigV4Exception.incomplete("X-Amz-Date '" + amzDate + "' is not in ISO 8601 basic format "
            + "(yyyyMMdd'T'HHmmss'Z').");
      }
    }
    String date = request.firstHeader("date");
    if (date != null) {
      try {
        Instant instant = ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return new DatedRequest(AMZ_DATE.format(instant), instant, "date");
      } catch (DateTimeParseException e) {
        throw SigV4Exception.incomplete("Date header '" + date + "' is not an RFC 1123 date.");
      }
    }
    throw SigV4Exception.incomplete(
        "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
  }

  private void checkScope(Authorization auth, DatedRequest dated) {
    String day = dated.amzDate().substring(0, 8);
    if (!auth.scopeDate().equals(day)) {
      throw SigV4Exception.invalidSignature("Date in Credential scope does not match YYYYMMDD from ISO-8601 "
          + "version of date from HTTP: '" + auth.scopeDate() + "' != '" + day + "', from '" + dated.amzDate() + "'.");
    }
    if (!auth.scopeRegion().equals(region)) {
      throw SigV4Exception.invalidSignature(
          "Credential should be scoped to a valid region, not '" + auth.scopeRegion() + "'. ");
    }
    if (!auth.scopeService().equals(service)) {
      throw SigV4Exception.invalidSignature("Credential should be scoped to correct service: '" + service + "'. ");
    }
    if (!auth.scopeTerminator().equals("aws4_request")) {
      throw SigV4Exception.invalidSignature("Credential should be scoped with a valid terminator: 'aws4_request', "
          + "not '" + auth.scopeTerminator() + "'. ");
    }
  }

  private void checkSkew(Instant requestTime) {
    Instant now = clock.instant();
    if (requestTime.isBefore(now.minus(MAX_SKEW))) {
      throw SigV4Exception.invalidSignature("Signature expired: " + AMZ_DATE.format(requestTime)
          + " is now earlier than " + AMZ_DATE.format(now.minus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
          + " - 5 min.)");
    }
    if (requestTime.isAfter(now.plus(MAX_SKEW))) {
      throw SigV4Exception.invalidSignature("Signature not yet current: " + AMZ_DATE.format(requestTime)
          + " is still later than " + AMZ_DATE.format(now.plus(MAX_SKEW)) + " (" + AMZ_DATE.format(now)
          + " + 5 min.)");
    }
  }

  /**
   * Host, the date header and every {@code x-amz-*} header the request carries must be signed. An unsigned
   * {@code X-Amz-Target} would let anyone who captured a request replay its body, within the skew window, as
   * another operation; any other unsigned {@code x-amz-*} header would change its meaning just as silently.
   */
  private static void checkSignedHeaders(Authorization auth, DatedRequest dated, SignedRequest request) {
    if (!auth.signedHeaders().contains("host")) {
      throw SigV4Exception.invalidSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    }
    if (!auth.signedHeaders().contains(dated.headerName())) {
      throw SigV4Exception.invalidSignature("'" + (dated.headerName().equals("date") ? "Date" : "X-Amz-Date")
          + "' must be a 'SignedHeader' in the AWS Authorization.");
    }
    List<String> unsigned = request.headers().keySet().stream()
        .filter(name -> name.startsWith("x-amz-") && !auth.signedHeaders().contains(name)).toList();
    if (unsigned.contains("x-amz-target")) {
      throw SigV4Exception.invalidSignature("'X-Amz-Target' must be a 'SignedHeader' in the AWS Authorization.");
    }
    if (!unsigned.isEmpty()) {
      throw SigV4Exception.invalidSignature("There were headers present in the request which were not signed: "
          + String.join(", ", unsigned) + ". Every 'x-amz-*' header must be a 'SignedHeader' in the AWS Authorization.");
    }
  }

  private static String payloadHash(SignedRequest request, byte[] body) {
    String actual = HEX.formatHex(sha256(body));
    String declared = request.firstHeader("x-amz-content-sha256");
    if (declared == null || declared.strip().equalsIgnoreCase(actual)) {
      return actual;
    }
    if (declared.strip().startsWith("UNSIGNED-PAYLOAD") || declared.strip().startsWith("STREAMING-")) {
      throw SigV4Exception.invalidSignature("The request payload must be signed: x-amz-content-sha256 must be "
          + "the SHA-256 hash of the body.");
    }
    throw SigV4Exception.invalidSignature(
        "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  static String canonicalRequest(SignedRequest request, List<String> signedHeaders, String payloadHash) {
    StringBuilder headers = new StringBuilder();
    for (String name : signedHeaders) {
      List<String> values = request.header(name);
      headers.append(name).append(':')
          .append(values.stream().map(SigV4Verifier::trimAll).collect(Collectors.joining(","))).append('\n');
    }
    return request.method().toUpperCase(Locale.ROOT) + "\n"
        + canonicalUri(request.rawPath()) + "\n"
        + canonicalQuery(request.rawQuery()) + "\n"
        + headers + "\n"
        + String.join(";", signedHeaders) + "\n"
        + payloadHash;
  }

  /** Services other than S3 sign the path URI-encoded twice: once by the client, once more here. */
  static String canonicalUri(String rawPath) {
    return uriEncode(rawPath, false);
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String part : rawQuery.split("&")) {
      if (part.isEmpty()) {
        continue;
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      pairs.add(new String[] {uriEncode(percentDecode(name), true), uriEncode(percentDecode(value), true)});
    }
    pairs.sort((a, b) -> a[0].equals(b[0]) ? a[1].compareTo(b[1]) : a[0].compareTo(b[0]));
    return pairs.stream().map(p -> p[0] + "=" + p[1]).collect(Collectors.joining("&"));
  }

  private static String trimAll(String value) {
    return value.strip().replaceAll("\\s+", " ");
  }

  private static String uriEncode(String text, boolean encodeSlash) {
    StringBuilder out = new StringBuilder();
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xff);
      boolean unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
          || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !encodeSlash);
      if (unreserved) {
        out.append(c);
      } else {
        out.append('%').append(HEX.toHexDigits(b).toUpperCase(Locale.ROOT));
      }
    }
    return out.toString();
  }

  private static String percentDecode(String text) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2])) {
        out.write(HexFormat.fromHexDigits(new String(bytes, i + 1, 2, StandardCharsets.US_ASCII)));
        i += 2;
      } else {
        out.write(bytes[i]);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static boolean isHex(byte b) {
    return Character.digit(b, 16) >= 0;
  }

  private byte[] signingKey(Credential credential, String date, String scopeRegion, String scopeService) {
    String cacheKey = credential.accessKeyId() + "/" + date + "/" + scopeRegion + "/" + scopeService;
    if (signingKeys.size() > 1024) {
      signingKeys.clear();
    }
    return signingKeys.computeIfAbsent(cacheKey, k -> {
      byte[] kDate = hmac(("AWS4" + credential.secretAccessKey()).getBytes(StandardCharsets.UTF_8), date);
      byte[] kRegion = hmac(kDate, scopeRegion);
      byte[] kService = hmac(kRegion, scopeService);
      return hmac(kService, "aws4_request");
    });
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  /** The parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...}. */
  record Authorization(String accessKeyId, String scopeDate, String scopeRegion, String scopeService,
      String scopeTerminator, List<String> signedHeaders, String signature) {

    String scope() {
      return scopeDate + "/" + scopeRegion + "/" + scopeService + "/" + scopeTerminator;
    }

    static Authorization parse(String header) {
      if (!header.startsWith(ALGORITHM + " ")) {
        throw SigV4Exception.incomplete("Unsupported Authorization Type: only " + ALGORITHM + " is accepted.");
      }
      Map<String, String> params = new LinkedHashMap<>();
      for (String part : header.substring(ALGORITHM.length()).split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          params.put(part.substring(0, eq).strip(), part.substring(eq + 1).strip());
        }
      }
      StringBuilder missing = new StringBuilder();
      for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
        if (params.getOrDefault(required, "").isEmpty()) {
          missing.append("Authorization header requires '").append(required).append("' parameter. ");
        }
      }
      if (!missing.isEmpty()) {
        throw SigV4Exception.incomplete(missing.toString().strip());
      }
      String credential = params.get("Credential");
      String[] scope = credential.split("/", -1);
      if (scope.length != 5) {
        throw SigV4Exception.incomplete("Credential must have exactly 5 slash-delimited elements, "
            + "e.g. keyid/date/region/service/term, got '" + credential + "'");
      }
      String signature = params.get("Signature");
      if (!signature.matches("[0-9a-fA-F]{64}")) {
        throw SigV4Exception.signatureMismatch();
      }
      List<String> signedHeaders = List.of(params.get("SignedHeaders").toLowerCase(Locale.ROOT).split(";"));
      return new Authorization(scope[0], scope[1], scope[2], scope[3], scope[4], signedHeaders, signature);
    }
  }
}

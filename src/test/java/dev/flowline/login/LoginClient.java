package dev.flowline.login;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * HTTP/1.1 over a plain socket bound to a chosen loopback address (127.x.y.z), so one test plays callers at many
 * source addresses against a Flowline listening on 127.0.0.1 (Linux routes all of 127.0.0.0/8 to lo).
 */
public final class LoginClient {

  /** Status, headers (lower-case names) and body of one answer. */
  public record Response(int status, Map<String, String> headers, String body) {
    public Optional<Long> retryAfter() {
      return Optional.ofNullable(headers.get("retry-after")).map(Long::parseLong);
    }
  }

  private final int port;

  public LoginClient(int port) {
    this.port = port;
  }

  public static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /** GET {@code path} with HTTP Basic credentials, from {@code from}. */
  public Response get(String from, String path, String user, String password) throws IOException {
    return send(from, "GET", path, Map.of("Authorization", basic(user, password)), null);
  }

  public Response send(String from, String method, String path, Map<String, String> headers, String body)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(30_000);
      socket.bind(new InetSocketAddress(from, 0));
      socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nConnection: close\r\n");
      headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
      if (body != null) {
        request.append("Content-Length: ").append(content.length).append("\r\n");
      }
      request.append("\r\n");
      OutputStream out = socket.getOutputStream();
      out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(content);
      out.flush();
      return parse(socket.getInputStream());
    }
  }

  private static Response parse(InputStream in) throws IOException {
    String raw = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    int end = raw.indexOf("\r\n\r\n");
    String[] lines = raw.substring(0, end < 0 ? raw.length() : end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.merge(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip(),
            (a, b) -> a + "\n" + b);
      }
    }
    return new Response(status, headers, end < 0 ? "" : raw.substring(end + 4));
  }
}

package dev.flowline.login;

import dev.flowline.login.LoginThrottle.Verdict;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URLDecoder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * In front of every surface that checks a password: opens the {@link LoginAttempt} (the caller's source address)
 * for the engine's password check, and answers {@code 429 Too Many Requests} with {@code Retry-After}, without
 * the password being checked, when the user the request names may not try now. The user is the HTTP Basic user,
 * or the {@code username} of a Camunda webapp login form ({@code POST .../api/admin/auth/user/{engine}/login/{app}}).
 * The source address is the request's remote address: behind a reverse proxy, set
 * {@code server.forward-headers-strategy} so that it is the client's, not the proxy's.
 */
public final class LoginThrottleFilter implements Filter {
  static final Pattern WEBAPP_LOGIN = Pattern.compile(".*/api/admin/auth/user/[^/]+/login/[^/]+/?");
  /** Camunda's login form is a user name and a password; anything larger is not a login. */
  static final int MAX_LOGIN_FORM = 16 * 1024;

  private final LoginThrottle throttle;

  public LoginThrottleFilter(LoginThrottle throttle) {
    this.throttle = throttle;
  }

  @Override
  public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
    HttpServletRequest request = (HttpServletRequest) req;
    HttpServletResponse response = (HttpServletResponse) res;
    String address = LoginThrottle.sourceKey(request.getRemoteAddr());
    String user = basicUser(request.getHeader("Authorization"));
    if (user == null && "POST".equals(request.getMethod()) && WEBAPP_LOGIN.matcher(request.getRequestURI()).matches()) {
      byte[] form = request.getInputStream().readNBytes(MAX_LOGIN_FORM + 1);
      if (form.length > MAX_LOGIN_FORM) {
        response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "A login form is at most 16 KB");
        return;
      }
      request = new ReplayedBody(request, form);
      user = formValue(form, "username");
    }
    if (user != null) {
      Verdict verdict = throttle.check(user, address);
      if (!verdict.allowed()) {
        tooManyFailures(request, response, verdict);
        return;
      }
    }
    try (LoginAttempt attempt = LoginAttempt.open(address,
        verdict -> response.setHeader("Retry-After", String.valueOf(verdict.retryAfterSeconds())))) {
      chain.doFilter(request, response);
    }
  }

  private static void tooManyFailures(HttpServletRequest request, HttpServletResponse response, Verdict verdict)
      throws IOException {
    String message = "Too many failed logins: try again in " + verdict.retryAfterSeconds() + " seconds.";
    response.setStatus(429);
    response.setHeader("Retry-After", String.valueOf(verdict.retryAfterSeconds()));
    response.setCharacterEncoding(StandardCharsets.UTF_8.name());
    String path = request.getRequestURI();
    if (path.contains("/engine-rest/") || path.contains("/api/")) {
      // Camunda's REST error shape, which the webapps and REST clients show
      response.setContentType("application/json");
      response.getWriter().write("{\"type\":\"LoginThrottledException\",\"message\":\"" + message + "\"}");
    } else {
      response.setContentType("text/plain");
      response.getWriter().write(message + "\n");
    }
  }

  static String basicUser(String authorization) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).strip()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return null;
    }
    int colon = decoded.indexOf(':');
    return colon <= 0 ? null : decoded.substring(0, colon);
  }

  static String formValue(byte[] form, String name) {
    for (String field : new String(form, StandardCharsets.ISO_8859_1).split("&")) {
      int equals = field.indexOf('=');
      if (equals > 0 && field.substring(0, equals).equals(name)) {
        try {
          // ISO-8859-1 keeps every byte; the percent-decoding then reads them as UTF-8, as browsers send
          String raw = new String(field.substring(equals + 1).getBytes(StandardCharsets.ISO_8859_1),
              StandardCharsets.UTF_8);
          return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
          return null;
        }
      }
    }
    return null;
  }

  /** The request with its body read once by this filter, to be read again by the resource behind it. */
  private static final class ReplayedBody extends HttpServletRequestWrapper {
    private final byte[] body;

    ReplayedBody(HttpServletRequest request, byte[] body) {
      super(request);
      this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
      ByteArrayInputStream in = new ByteArrayInputStream(body);
      return new ServletInputStream() {
        @Override
        public int read() throws IOException {
          return in.read();
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
          return in.read(buffer, off, len);
        }

        @Override
        public boolean isFinished() {
          return in.available() == 0;
        }

        @Override
        public boolean isReady() {
          return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
          throw new UnsupportedOperationException("a replayed login form is read blocking");
        }
      };
    }

    @Override
    public BufferedReader getReader() {
      String encoding = getCharacterEncoding();
      return new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body),
          encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding)));
    }

    @Override
    public int getContentLength() {
      return body.length;
    }

    @Override
    public long getContentLengthLong() {
      return body.length;
    }
  }
}

package dev.flowline.connections;

import dev.flowline.pipeline.CodePipelineException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Connections, hosts and their tags in Flowline's database ({@code V15__connections.sql}). Refusals are thrown
 * under CodeStar connections' exception names. A resource's ARN has the prefix of the service name it was
 * created through ({@link ConnectionsService}) and is always answered so; as input, either prefix names it.
 * Tokens go in and never come out but through {@link #credentials}, for a git fetch.
 */
public class ConnectionStore {
  static final int MAX_TAGS = 50;
  private static final Pattern ARN = Pattern.compile(
      "arn:aws(?:-[\\w]+)*:(?:codestar-connections|codeconnections):[^:]*:([0-9]{12}):(connection|host)/([^/]+)");
  private static final String SELECT_CONNECTIONS = "SELECT c.connection_id, c.name, c.provider_type, c.host_id, "
      + "c.status, c.arn_service, h.arn_service FROM flowline_connection c "
      + "LEFT JOIN flowline_connection_host h ON h.host_id = c.host_id ";
  private static final String SELECT_HOSTS = "SELECT host_id, name, provider_type, provider_endpoint, "
      + "vpc_configuration, arn_service FROM flowline_connection_host ";

  private final JdbcTemplate jdbc;
  private final TransactionTemplate transactions;
  private final TokenCipher cipher;
  private final String region;
  private final String accountId;
  private final Map<ProviderType, String> gitUrls;
  private final Clock clock;

  /**
   * @param gitUrls where the providers that need no host have their git: github.com, gitlab.com and bitbucket.org,
   *                or a mirror, a proxy, or a test's git server
   */
  public ConnectionStore(JdbcTemplate jdbc, TransactionTemplate transactions, TokenCipher cipher, String region,
      String accountId, Map<ProviderType, String> gitUrls, Clock clock) {
    this.jdbc = jdbc;
    this.transactions = transactions;
    this.cipher = cipher;
    this.region = region;
    this.accountId = accountId;
    this.gitUrls = Map.copyOf(gitUrls);
    this.clock = clock;
  }

  // ---- connections

  /** A PENDING connection whose ARN carries {@code createdThrough}'s prefix. */
  public Connection createConnection(String name, ProviderType providerType, String hostArn, List<Tag> tags,
      ConnectionsService createdThrough) {
    checkTags(tags);
    Host host = null;
    if (hostArn != null) {
      host = host(hostArn).orElseThrow(() -> notFound("Host " + hostArn + " does not exist"));
      if (providerType != null && providerType != host.providerType()) {
        throw new CodePipelineException("ValidationException", "ProviderType " + providerType
            + " does not match the host's provider type " + host.providerType());
      }
      providerType = host.providerType();
    } else if (providerType == null) {
      throw new CodePipelineException("ValidationException", "Either ProviderType or HostArn must be specified");
    } else if (providerType.needsHost()) {
      throw new CodePipelineException("ValidationException", "A " + providerType + " connection needs a HostArn: "
          + "create the host first (CreateHost with its ProviderEndpoint)");
    }
    String id = UUID.randomUUID().toString();
    long now = clock.millis();
    ProviderType type = providerType;
    String hostId = host == null ? null : host.id();
    try {
      transactions.executeWithoutResult(status -> {
        jdbc.update("INSERT INTO flowline_connection (connection_id, name, provider_type, host_id, status, "
            + "arn_service, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", id, name, type.name(), hostId,
            Connection.PENDING, createdThrough.arnPrefix(), now, now);
        putTags(id, tags);
      });
    } catch (DuplicateKeyException e) {
      throw new CodePipelineException("ConflictException", "A connection named '" + name + "' already exists");
    }
    return connectionById(id).orElseThrow();
  }

  public Optional<Connection> connection(String arn) {
    return idOf(arn, "connection").flatMap(this::connectionById);
  }

  public Connection requireConnection(String arn) {
    return connection(arn).orElseThrow(() -> notFound("Connection " + arn + " does not exist"));
  }

  public Optional<Connection> connectionById(String id) {
    return jdbc.query(SELECT_CONNECTIONS + "WHERE c.connection_id = ?", connectionRow(), id).stream().findFirst();
  }

  /** In creation order; either filter may be null. */
  public List<Connection> connections(ProviderType providerFilter, String hostArnFilter) {
    String hostId = null;
    if (hostArnFilter != null) {
      Optional<String> parsed = idOf(hostArnFilter, "host");
      if (parsed.isEmpty()) {
        return List.of();
      }
      hostId = parsed.get();
    }
    String host = hostId;
    return jdbc.query(SELECT_CONNECTIONS + "ORDER BY c.created, c.connection_id", connectionRow()).stream()
        .filter(c -> providerFilter == null || c.providerType() == providerFilter)
        .filter(c -> host == null || idOf(c.hostArn(), "host").filter(host::equals).isPresent())
        .toList();
  }

  public void deleteConnection(String arn) {
    String id = idOf(arn, "connection").orElseThrow(() -> notFound("Connection " + arn + " does not exist"));
    transactions.executeWithoutResult(status -> {
      if (jdbc.update("DELETE FROM flowline_connection WHERE connection_id = ?", id) == 0) {
        throw notFound("Connection " + arn + " does not exist");
      }
      jdbc.update("DELETE FROM flowline_connection_tag WHERE resource_id = ?", id);
    });
  }

  /**
   * Completes the connection: stores the token (and the webhook secret, when given) encrypted, and makes it
   * AVAILABLE. Giving a new token replaces the old one; a null webhook secret keeps the one stored.
   */
  public Connection complete(String id, String user, String token, String webhookSecret) {
    if (token == null || token.isBlank()) {
      throw new CodePipelineException("ValidationException", "The token must not be empty");
    }
    Connection connection = connectionById(id).orElseThrow(() -> notFound("Connection " + id + " does not exist"));
    String tokenUser = user == null || user.isBlank() ? connection.providerType().defaultTokenUser() : user.strip();
    int updated = webhookSecret == null
        ? jdbc.update("UPDATE flowline_connection SET status = ?, token_user = ?, token_ciphertext = ?, updated = ? "
            + "WHERE connection_id = ?", Connection.AVAILABLE, tokenUser, cipher.encrypt(token, id), clock.millis(), id)
        : jdbc.update("UPDATE flowline_connection SET status = ?, token_user = ?, token_ciphertext = ?, "
            + "webhook_secret_ciphertext = ?, updated = ? WHERE connection_id = ?", Connection.AVAILABLE, tokenUser,
            cipher.encrypt(token, id), cipher.encrypt(webhookSecret, id + "#webhook"), clock.millis(), id);
    if (updated == 0) {
      throw notFound("Connection " + id + " does not exist");
    }
    return connectionById(id).orElseThrow();
  }

  /** The git base URL and token of an AVAILABLE connection; empty when it has none. */
  public Optional<ConnectionCredentials> credentials(Connection connection) {
    List<String[]> rows = jdbc.query("SELECT token_user, token_ciphertext FROM flowline_connection "
        + "WHERE connection_id = ?", (rs, i) -> new String[] {rs.getString(1), rs.getString(2)}, connection.id());
    if (rows.isEmpty() || rows.get(0)[1] == null) {
      return Optional.empty();
    }
    return Optional.of(new ConnectionCredentials(gitBaseUrl(connection), rows.get(0)[0],
        cipher.decrypt(rows.get(0)[1], connection.id())));
  }

  /** The secret webhooks of this connection are signed (GitHub, Bitbucket) or sent (GitLab) with. */
  public Optional<String> webhookSecret(String connectionId) {
    return jdbc.query("SELECT webhook_secret_ciphertext FROM flowline_connection WHERE connection_id = ?",
            (rs, i) -> rs.getString(1), connectionId).stream().filter(v -> v != null).findFirst()
        .map(v -> cipher.decrypt(v, connectionId + "#webhook"));
  }

  /** Where the connection's repositories live: the host's endpoint, or the provider's configured git URL. */
  public String gitBaseUrl(Connection connection) {
    String base;
    if (connection.hostArn() != null) {
      base = host(connection.hostArn()).map(Host::providerEndpoint).orElse(null);
      if (base == null) {
        throw notFound("The host " + connection.hostArn() + " of connection " + connection.arn() + " was deleted");
      }
    } else {
      base = gitUrls.get(connection.providerType());
    }
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }

  // ---- hosts

  /** An AVAILABLE host whose ARN carries {@code createdThrough}'s prefix. */
  public Host createHost(String name, ProviderType providerType, String endpoint, String vpcConfiguration,
      List<Tag> tags, ConnectionsService createdThrough) {
    checkTags(tags);
    if (!providerType.needsHost()) {
      throw new CodePipelineException("ValidationException", "Hosts are for GitHubEnterpriseServer and "
          + "GitLabSelfManaged; a " + providerType + " connection needs none");
    }
    if (!endpoint.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")) {
      throw new CodePipelineException("ValidationException", "ProviderEndpoint '" + endpoint + "' is not an "
          + "http(s) URL such as https://gitlab.example.com");
    }
    String slug = name.replaceAll("[^A-Za-z0-9-]", "-");
    String id = (slug.length() > 32 ? slug.substring(0, 32) : slug) + "-"
        + UUID.randomUUID().toString().substring(0, 8);
    try {
      transactions.executeWithoutResult(status -> {
        jdbc.update("INSERT INTO flowline_connection_host (host_id, name, provider_type, provider_endpoint, "
            + "vpc_configuration, arn_service, created) VALUES (?, ?, ?, ?, ?, ?, ?)", id, name, providerType.name(),
            endpoint, vpcConfiguration, createdThrough.arnPrefix(), clock.millis());
        putTags(id, tags);
      });
    } catch (DuplicateKeyException e) {
      throw new CodePipelineException("LimitExceededException", "A host named '" + name + "' already exists");
    }
    return hostById(id).orElseThrow();
  }

  public Optional<Host> host(String arn) {
    return idOf(arn, "host").flatMap(this::hostById);
  }

  public Host requireHost(String arn) {
    return host(arn).orElseThrow(() -> notFound("Host " + arn + " does not exist"));
  }

  public List<Host> hosts() {
    return jdbc.query(SELECT_HOSTS + "ORDER BY created, host_id", hostRow());
  }

  /** Refused while connections use the host: they would lose where their repositories are. */
  public void deleteHost(String arn) {
    Host host = requireHost(arn);
    transactions.executeWithoutResult(status -> {
      Integer users = jdbc.queryForObject("SELECT COUNT(*) FROM flowline_connection WHERE host_id = ?",
          Integer.class, host.id());
      if (users != null && users > 0) {
        throw new CodePipelineException("ResourceUnavailableException", "Host " + arn + " is used by " + users
            + " connection(s); delete them first");
      }
      jdbc.update("DELETE FROM flowline_connection_host WHERE host_id = ?", host.id());
      jdbc.update("DELETE FROM flowline_connection_tag WHERE resource_id = ?", host.id());
    });
  }

  // ---- tags

  public record Tag(String key, String value) {}

  public List<Tag> tags(String resourceArn) {
    return jdbc.query("SELECT tag_key, tag_value FROM flowline_connection_tag WHERE resource_id = ? ORDER BY tag_key",
        (rs, i) -> new Tag(rs.getString(1), rs.getString(2)), resourceId(resourceArn));
  }

  public void tag(String resourceArn, List<Tag> tags) {
    String id = resourceId(resourceArn);
    checkTags(tags);
    transactions.executeWithoutResult(status -> {
      putTags(id, tags);
      Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM flowline_connection_tag WHERE resource_id = ?",
          Integer.class, id);
      if (count != null && count > MAX_TAGS) {
        throw new CodePipelineException("LimitExceededException", "A resource can have at most " + MAX_TAGS
            + " tags");
      }
    });
  }

  public void untag(String resourceArn, List<String> keys) {
    String id = resourceId(resourceArn);
    transactions.executeWithoutResult(status -> keys.forEach(key ->
        jdbc.update("DELETE FROM flowline_connection_tag WHERE resource_id = ? AND tag_key = ?", id, key)));
  }

  private String resourceId(String arn) {
    Matcher matcher = ARN.matcher(arn == null ? "" : arn);
    if (matcher.matches()) {
      String id = matcher.group(3);
      boolean exists = matcher.group(2).equals("connection") ? connectionById(id).isPresent() : hostById(id).isPresent();
      if (exists) {
        return id;
      }
    }
    throw notFound("Resource " + arn + " does not exist");
  }

  private void putTags(String id, List<Tag> tags) {
    for (Tag tag : tags == null ? List.<Tag>of() : tags) {
      if (jdbc.update("UPDATE flowline_connection_tag SET tag_value = ? WHERE resource_id = ? AND tag_key = ?",
          tag.value(), id, tag.key()) == 0) {
        jdbc.update("INSERT INTO flowline_connection_tag (resource_id, tag_key, tag_value) VALUES (?, ?, ?)", id,
            tag.key(), tag.value());
      }
    }
  }

  private static void checkTags(List<Tag> tags) {
    if (tags == null) {
      return;
    }
    if (tags.size() > MAX_TAGS) {
      throw new CodePipelineException("LimitExceededException", "A resource can have at most " + MAX_TAGS + " tags");
    }
    Map<String, String> seen = new HashMap<>();
    for (Tag tag : tags) {
      if (tag.key().toLowerCase(Locale.ROOT).startsWith("aws:")) {
        throw new CodePipelineException("ValidationException", "The tag key '" + tag.key()
            + "' is not valid: the prefix aws: is reserved for AWS");
      }
      if (seen.put(tag.key(), tag.value()) != null) {
        throw new CodePipelineException("ValidationException", "The tag key '" + tag.key() + "' is given twice");
      }
    }
  }

  // ---- rows and ARNs

  private String arn(String service, String kind, String id) {
    return "arn:aws:" + ConnectionsService.of(service).arnPrefix() + ":" + region + ":" + accountId + ":" + kind + "/"
        + id;
  }

  /** The id an ARN of either service name carries, when it is this account's resource of that kind. */
  public Optional<String> idOf(String arn, String kind) {
    Matcher matcher = ARN.matcher(arn == null ? "" : arn);
    return matcher.matches() && matcher.group(1).equals(accountId) && matcher.group(2).equals(kind)
        ? Optional.of(matcher.group(3)) : Optional.empty();
  }

  private Optional<Host> hostById(String id) {
    return jdbc.query(SELECT_HOSTS + "WHERE host_id = ?", hostRow(), id).stream().findFirst();
  }

  private RowMapper<Connection> connectionRow() {
    return (rs, i) -> new Connection(rs.getString(1), arn(rs.getString(6), "connection", rs.getString(1)),
        rs.getString(2), ProviderType.valueOf(rs.getString(3)),
        rs.getString(4) == null ? null : arn(rs.getString(7), "host", rs.getString(4)), accountId, rs.getString(5));
  }

  private RowMapper<Host> hostRow() {
    return (rs, i) -> new Host(rs.getString(1), arn(rs.getString(6), "host", rs.getString(1)), rs.getString(2),
        ProviderType.valueOf(rs.getString(3)), rs.getString(4), rs.getString(5), "AVAILABLE");
  }

  private static CodePipelineException notFound(String message) {
    return new CodePipelineException("ResourceNotFoundException", message);
  }
}

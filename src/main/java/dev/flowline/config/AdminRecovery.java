package dev.flowline.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Map;
import javax.sql.DataSource;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * The administrator's way back in, from the command line, whatever happened to the password or the locks:
 * {@code java -jar flowline.jar} with {@code FLOWLINE_ADMIN_RESET_PASSWORD=<new password>} in the environment
 * (or {@code --flowline.admin.reset-password=<new password>}, which other users of the host can see in the
 * process list) sets the password of {@code camunda.bpm.admin-user.id}, creating the user if it is gone, clears
 * Camunda's lock on it, makes it a member of {@code camunda-admin} again, and exits: 0 when done, 1 with the reason.
 *
 * <p>It reads the same configuration as the server (application.yml, environment, arguments) and talks to the same
 * database through an engine of its own that runs nothing: no web server, no job executor, no action workers.
 * With the embedded H2 database the server must be stopped first (H2 allows one process per file); with
 * PostgreSQL it may run beside the servers, whose in-memory login throttles forget within
 * {@code flowline.login.user-lock-max}.
 */
public final class AdminRecovery {
  public static final String PROPERTY = "flowline.admin.reset-password";
  static final String ENVIRONMENT_VARIABLE = "FLOWLINE_ADMIN_RESET_PASSWORD";
  private static final Logger log = LoggerFactory.getLogger(AdminRecovery.class);

  private AdminRecovery() {}

  /** The recovery's Spring context only resolves the configuration; the engine is built by hand. */
  static final class NoBeans {}

  /** Whether the command line or the environment asks for a reset instead of a server. */
  public static boolean requested(String[] args, Map<String, String> environment) {
    return Arrays.stream(args).anyMatch(arg -> arg.startsWith("--" + PROPERTY + "="))
        || environment.containsKey(ENVIRONMENT_VARIABLE) || System.getProperty(PROPERTY) != null;
  }

  /** Resets the admin user and answers the process's exit code. */
  public static int run(String[] args) {
    try (ConfigurableApplicationContext context = new SpringApplicationBuilder(NoBeans.class)
        .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false).run(args)) {
      Environment environment = context.getEnvironment();
      String password = environment.getProperty(PROPERTY, "");
      if (password.isBlank()) {
        throw new IllegalArgumentException(PROPERTY + " (" + ENVIRONMENT_VARIABLE + ") is empty: give the new password");
      }
      String userId = environment.getProperty("camunda.bpm.admin-user.id", "admin");
      DataSource dataSource = dataSource(environment);
      try {
        requireUserTable(dataSource, environment.getProperty("spring.datasource.url"));
        ProcessEngine engine = engine(dataSource);
        try {
          reset(engine.getIdentityService(), userId, password);
        } finally {
          engine.close();
        }
      } finally {
        // the last connection closed closes an H2 file cleanly before the JVM exits
        if (dataSource instanceof AutoCloseable closeable) {
          closeable.close();
        }
      }
      log.info("User '{}' has its new password, is unlocked and is a member of {}", userId, Groups.CAMUNDA_ADMIN);
      return 0;
    } catch (Exception e) {
      log.error("Could not reset the admin user: {}", e.getMessage());
      return 1;
    }
  }

  static void reset(IdentityService identity, String userId, String password) {
    User user = identity.createUserQuery().userId(userId).singleResult();
    if (user == null) {
      user = identity.newUser(userId);
      user.setFirstName("Flowline");
      user.setLastName("Admin");
    }
    user.setPassword(password);
    identity.saveUser(user);
    identity.unlockUser(userId);
    if (identity.createGroupQuery().groupId(Groups.CAMUNDA_ADMIN).count() == 0) {
      // camunda-admin is the engine's administrators' group: its members pass every authorization check
      Group group = identity.newGroup(Groups.CAMUNDA_ADMIN);
      group.setName("Camunda BPM Administrators");
      group.setType(Groups.GROUP_TYPE_SYSTEM);
      identity.saveGroup(group);
    }
    if (identity.createUserQuery().userId(userId).memberOfGroup(Groups.CAMUNDA_ADMIN).count() == 0) {
      identity.createMembership(userId, Groups.CAMUNDA_ADMIN);
    }
  }

  private static void requireUserTable(DataSource dataSource, String url) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        ResultSet tables = connection.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (tables.next()) {
        if (tables.getString("TABLE_NAME").equalsIgnoreCase("ACT_ID_USER")) {
          return;
        }
      }
    }
    // only up to the options: a JDBC URL may carry a password
    throw new IllegalStateException("No Flowline database at " + url.split("[;?]", 2)[0] + ": give the server's flowline.data-dir or "
        + "spring.datasource.url (and its other options), or start Flowline once to create it");
  }

  private static DataSource dataSource(Environment environment) {
    return DataSourceBuilder.create()
        .url(environment.getRequiredProperty("spring.datasource.url"))
        .username(environment.getProperty("spring.datasource.username"))
        .password(environment.getProperty("spring.datasource.password"))
        .build();
  }

  /** An engine on the server's database that only reads and writes users: schema as it is, nothing running. */
  private static ProcessEngine engine(DataSource dataSource) {
    return ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration()
        .setProcessEngineName("flowline-admin-recovery")
        .setDataSource(dataSource)
        .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_FALSE)
        .setHistory(ProcessEngineConfiguration.HISTORY_AUTO)
        .setJobExecutorActivate(false)
        .buildProcessEngine();
  }
}

package dev.flowline.actions.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.flowline.actions.ActionFixture;
import dev.flowline.actions.ActionJob;
import dev.flowline.actions.ActionResult;
import dev.flowline.actions.InputArtifactRef;
import dev.flowline.actions.compute.CommandsExecutor;
import dev.flowline.pipeline.ActionTypeId;
import dev.flowline.pipeline.EnvironmentVariable;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.util.unit.DataSize;

/**
 * The escapes of issue 11 tried by real commands (real bwrap, real bash) through the Commands action: each
 * test is one thing a command could do to the host before the sandbox, and shows it cannot any more.
 */
class SandboxTest {

  static final ActionTypeId COMMANDS = ActionTypeId.of("Compute", "AWS", "Commands", "1");
  static final SandboxProperties DEFAULTS = SandboxProperties.defaults();

  @TempDir Path temp;
  ActionFixture fixture;
  InputArtifactRef source;

  @BeforeEach
  void setUp() throws Exception {
    fixture = new ActionFixture(temp);
    source = fixture.artifact("SourceArtifact", Map.of("app.txt", "the app"));
  }

  @Test
  @DisplayName("no process the command can see has the server's environment: /proc/1, /proc/$PPID and every other environ")
  void serverEnvironmentIsNotReadable() throws Exception {
    // a variable of this JVM that neither the action's environment nor bash itself sets
    Set<String> notTheServers = Set.of("PATH", "HOME", "LANG", "USER", "PWD", "OLDPWD", "SHLVL", "_", "SHELL", "TMPDIR",
        "HOSTNAME", "TERM");
    String serverOnly = System.getenv().keySet().stream()
        .filter(name -> name.matches("[A-Za-z_][A-Za-z0-9_]{3,}") && !notTheServers.contains(name)
            && !name.startsWith("CODEBUILD_") && !name.startsWith("AWS_"))
        .findFirst().orElseThrow();

    Map<String, String> seen = succeeded(run(DEFAULTS, List.of(
        "ENVIRONS=$(for f in /proc/[0-9]*/environ; do cat \"$f\" 2>/dev/null; done | tr '\\0' '\\n')",
        "SERVER_VARIABLE=$(printf '%s\\n' \"$ENVIRONS\" | grep -c \"^${MARKER}=\" || true)",
        "OWN_VARIABLE=$(printf '%s\\n' \"$ENVIRONS\" | grep -c '^CODEBUILD_BUILD_ID=' || true)",
        "PARENT=$(tr '\\0' '\\n' < /proc/$PPID/environ 2>/dev/null | grep -c \"^${MARKER}=\" || true)",
        "SERVER_PROC=$([ -e /proc/" + ProcessHandle.current().pid() + "/environ ] && echo visible || echo absent)"),
        List.of("SERVER_VARIABLE", "OWN_VARIABLE", "PARENT", "SERVER_PROC"), Map.of("MARKER", serverOnly)));

    assertThat(seen).containsEntry("SERVER_VARIABLE", "0").containsEntry("PARENT", "0")
        .containsEntry("SERVER_PROC", "absent");
    assertThat(Integer.parseInt(seen.get("OWN_VARIABLE"))).as("the command reads environ files at all").isPositive();
  }

  @Test
  @DisplayName("the database file, the data directory's stores and the server's home are not visible")
  void databaseAndDataDirectoryAreNotVisible() throws Exception {
    Path database = Files.writeString(fixture.dataDir.resolve("flowline.mv.db"), "password hashes");
    Path repositories = Files.createDirectories(fixture.dataDir.resolve("git/other-repo.git"));
    Path home = Path.of(System.getProperty("user.home"));

    Map<String, String> seen = succeeded(run(DEFAULTS, List.of(
        "DB=$(cat \"$DB_FILE\" 2>/dev/null || echo unreadable)",
        "ARTIFACTS=$([ -e \"$DATA/artifacts\" ] && echo visible || echo absent)",
        "GIT=$([ -e \"$REPOS\" ] && echo visible || echo absent)",
        "SERVER_HOME=$([ -e \"$SERVER_HOME\" ] && ls -A \"$SERVER_HOME\" 2>/dev/null | head -1 || echo absent)"),
        List.of("DB", "ARTIFACTS", "GIT", "SERVER_HOME"),
        Map.of("DB_FILE", database.toString(), "DATA", fixture.dataDir.toString(), "REPOS", repositories.toString(),
            "SERVER_HOME", home.toString())));

    assertThat(Files.exists(fixture.dataDir.resolve("artifacts"))).isTrue();
    assertThat(seen).containsEntry("DB", "unreadable").containsEntry("ARTIFACTS", "absent")
        .containsEntry("GIT", "absent").containsEntry("SERVER_HOME", "absent");
  }

  @Test
  @DisplayName("another action's workspace and another pipeline's artifacts are not visible; the workspace's parent shows only its own")
  void otherWorkspacesAndArtifactsAreNotVisible() throws Exception {
    Path other = Files.createDirectories(fixture.dataDir.resolve("work/other-action-1/src"));
    Files.writeString(other.resolve("secret.txt"), "the other pipeline's source");
    fixture.artifact("OtherPipelineOutput", Map.of("deployed.txt", "theirs"));
    Path otherZip;
    try (Stream<Path> stored = Files.walk(fixture.dataDir.resolve("artifacts"))) {
      otherZip = stored.filter(Files::isRegularFile).findFirst().orElseThrow();
    }

    Map<String, String> seen = succeeded(run(DEFAULTS, List.of(
        "OTHER=$(cat \"$OTHER_FILE\" 2>/dev/null || echo unreadable)",
        "ARTIFACT=$([ -e \"$OTHER_ARTIFACTS\" ] && echo visible || echo absent)",
        "SIBLINGS=$(ls -A \"$(dirname \"$(dirname \"$CODEBUILD_SRC_DIR\")\")\" | tr '\\n' ' ')",
        "OWN=$(basename \"$(dirname \"$CODEBUILD_SRC_DIR\")\")"),
        List.of("OTHER", "ARTIFACT", "SIBLINGS", "OWN"),
        Map.of("OTHER_FILE", other.resolve("secret.txt").toString(), "OTHER_ARTIFACTS", otherZip.toString())));

    assertThat(seen).containsEntry("OTHER", "unreadable").containsEntry("ARTIFACT", "absent");
    assertThat(seen.get("SIBLINGS").strip()).isEqualTo(seen.get("OWN"));
  }

  @Test
  @DisplayName("the command cannot signal the server's JVM, given its host pid")
  void cannotSignalTheServer() throws Exception {
    Map<String, String> seen = succeeded(run(DEFAULTS, List.of(
        "if kill -0 " + ProcessHandle.current().pid() + " 2>/dev/null; then JVM=signalled; else JVM=refused; fi",
        "if kill -0 1 2>/dev/null; then INIT=signalled; else INIT=refused; fi"),
        List.of("JVM", "INIT"), Map.of()));

    assertThat(seen).containsEntry("JVM", "refused").containsEntry("INIT", "refused");
    assertThat(ProcessHandle.current().isAlive()).isTrue();
  }

  @Test
  @DisplayName("setsid, nohup and double-forked daemons do not survive the action")
  void noProcessSurvivesTheAction() throws Exception {
    ActionResult result = run(DEFAULTS, List.of(
        "setsid sleep 61.301 > /dev/null 2>&1 < /dev/null &",
        "nohup sleep 61.302 > /dev/null 2>&1 &",
        "( setsid bash -c 'sleep 61.303 & disown' > /dev/null 2>&1 & )",
        "sleep 0.3",
        "RUNNING=$(pgrep -c -x sleep || true)"), List.of("RUNNING"), Map.of());

    assertThat(succeeded(result)).containsEntry("RUNNING", "3");
    HostProcesses.assertNoneRunning("sleep 61.301");
    HostProcesses.assertNoneRunning("sleep 61.302");
    HostProcesses.assertNoneRunning("sleep 61.303");
  }

  @Test
  @DisplayName("the command runs as a user that is not root, with no capabilities")
  void runsAsNonRoot() throws Exception {
    Map<String, String> seen = succeeded(run(DEFAULTS, List.of(
        "ID=$(id -u)", "CAPS=$(grep '^CapEff:' /proc/self/status | tr -d '[:space:]')"), List.of("ID", "CAPS"), Map.of()));

    assertThat(seen.get("ID")).isNotEqualTo("0");
    assertThat(seen.get("CAPS")).isEqualTo("CapEff:0000000000000000");
  }

  @Test
  @DisplayName("writes to /usr, /etc, the host's /tmp and the data directory fail; the workspace is writable")
  void cannotWriteOutsideTheWorkspace() throws Exception {
    String marker = "flowline-sandbox-" + System.nanoTime();
    Map<String, String> seen = succeeded(run(DEFAULTS, List.of(
        "USR=$(touch /usr/" + marker + " 2>/dev/null && echo written || echo refused)",
        "ETC=$(touch /etc/" + marker + " 2>/dev/null && echo written || echo refused)",
        "DATA_DIR=$(touch \"$DATA/" + marker + "\" 2>/dev/null && echo written || echo refused)",
        "touch /tmp/" + marker,
        "touch workspace-file"),
        List.of("USR", "ETC", "DATA_DIR"), Map.of("DATA", fixture.dataDir.toString())));

    assertThat(seen).containsEntry("USR", "refused").containsEntry("ETC", "refused").containsEntry("DATA_DIR", "refused");
    assertThat(Path.of("/usr", marker)).doesNotExist();
    assertThat(Path.of("/etc", marker)).doesNotExist();
    assertThat(Path.of("/tmp", marker)).as("the sandbox's /tmp is its own").doesNotExist();
    assertThat(fixture.dataDir.resolve(marker)).doesNotExist();
  }

  @Test
  @DisplayName("a command allocating more than the memory limit fails the action, naming the limit")
  void memoryLimit() throws Exception {
    SandboxProperties small = DEFAULTS.withLimits(DataSize.ofMegabytes(256), 512, 4096, DataSize.ofGigabytes(10));
    ActionResult result = run(small, List.of("python3 -c 'b = bytearray(512 * 1024 * 1024)'"), List.of(), Map.of());

    assertThat(failure(result)).startsWith("Command failed with exit code 1 (the commands hit the sandbox's memory limit"
        + " of 256 MB of address space per process (flowline.sandbox.memory)):").contains("MemoryError");
  }

  @Test
  @DisplayName("a fork bomb stops at the process limit and fails the action, naming the limit")
  void processLimit() throws Exception {
    SandboxProperties small = DEFAULTS.withLimits(DataSize.ofGigabytes(4), 32, 4096, DataSize.ofGigabytes(10));
    ActionResult result = run(small, List.of(forks(64, "61.501")), List.of(), Map.of());

    assertThat(failure(result)).startsWith("Command failed with exit code 1 (the commands hit the sandbox's limit of 32"
        + " processes (flowline.sandbox.processes)):");
    HostProcesses.assertNoneRunning("sleep 61.501");
  }

  @Test
  @DisplayName("the process limit counts one sandbox's processes: two sandboxes at once each get the whole limit")
  void processLimitIsPerSandbox() throws Exception {
    SandboxProperties small = DEFAULTS.withLimits(DataSize.ofGigabytes(4), 32, 4096, DataSize.ofGigabytes(10));
    CompletableFuture<ActionResult> first = CompletableFuture.supplyAsync(() -> {
      try {
        return run(small, List.of(forks(20, "61.511"), "sleep 5"), List.of(), Map.of());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (HostProcesses.running("sleep 61.511").size() < 20 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(HostProcesses.running("sleep 61.511")).hasSize(20);

    ActionResult second = run(small, List.of(forks(20, "61.512")), List.of(), Map.of());

    assertThat(second).isInstanceOf(ActionResult.Succeeded.class);
    assertThat(first.get(30, TimeUnit.SECONDS)).isInstanceOf(ActionResult.Succeeded.class);
  }

  @Test
  @DisplayName("files adding up to more than the disk limit stop the action, naming the limit")
  void diskLimit() throws Exception {
    SandboxProperties small = DEFAULTS.withLimits(DataSize.ofGigabytes(4), 512, 4096, DataSize.ofMegabytes(20));
    ActionResult result = run(small, List.of("head -c 15M /dev/zero > a.bin", "head -c 15M /dev/zero > b.bin",
        "sleep 61.601"), List.of(), Map.of());

    assertThat(failure(result)).startsWith("The workspace exceeded the sandbox's disk limit of 20 MB"
        + " (flowline.sandbox.disk); every process of the action was stopped");
    HostProcesses.assertNoneRunning("sleep 61.601");
  }

  @Test
  @DisplayName("a single file larger than the disk limit is cut off by the kernel and fails the action, naming the limit")
  void fileSizeLimit() throws Exception {
    SandboxProperties small = DEFAULTS.withLimits(DataSize.ofGigabytes(4), 512, 4096, DataSize.ofMegabytes(20));
    ActionResult result = run(small, List.of("head -c 30M /dev/zero > big.bin"), List.of(), Map.of());

    assertThat(failure(result)).contains("a file reached the sandbox's disk limit of 20 MB (flowline.sandbox.disk)");
  }

  @Test
  @DisplayName("opening more files than the limit fails the action, naming the limit")
  void openFilesLimit() throws Exception {
    SandboxProperties small = DEFAULTS.withLimits(DataSize.ofGigabytes(4), 512, 64, DataSize.ofGigabytes(10));
    ActionResult result = run(small, List.of("for i in $(seq 100); do exec {fd}< /dev/null; done"), List.of(), Map.of());

    assertThat(failure(result)).contains("the commands hit the sandbox's limit of 64 open files per process"
        + " (flowline.sandbox.open-files)");
  }

  @Test
  @DisplayName("by default (network isolated) a command reaches the host's other addresses but none of its loopback ports")
  void isolatedNetworkHidesTheHostLoopback() throws Exception {
    InetAddress lan = nonLoopbackAddress();
    try (Listener loopback = new Listener(InetAddress.getLoopbackAddress());
        Listener outside = new Listener(lan)) {
      Map<String, String> seen = succeeded(run(DEFAULTS, List.of(
          probe("LOOPBACK", "127.0.0.1", loopback.port()),
          probe("GATEWAY", "10.0.2.2", loopback.port()),
          probe("OUTSIDE", lan.getHostAddress(), outside.port())),
          List.of("LOOPBACK", "GATEWAY", "OUTSIDE"), Map.of()));

      assertThat(seen).containsEntry("LOOPBACK", "unreachable").containsEntry("GATEWAY", "unreachable")
          .containsEntry("OUTSIDE", "connected");
    }
  }

  @Test
  @DisplayName("with flowline.sandbox.network=none a command reaches nothing; with host it shares the host's loopback")
  void networkNoneAndHost() throws Exception {
    InetAddress lan = nonLoopbackAddress();
    try (Listener loopback = new Listener(InetAddress.getLoopbackAddress());
        Listener outside = new Listener(lan)) {
      List<String> probes = List.of(probe("LOOPBACK", "127.0.0.1", loopback.port()),
          probe("OUTSIDE", lan.getHostAddress(), outside.port()));
      List<String> names = List.of("LOOPBACK", "OUTSIDE");

      assertThat(succeeded(run(DEFAULTS.withNetwork(SandboxProperties.Network.NONE), probes, names, Map.of())))
          .containsEntry("LOOPBACK", "unreachable").containsEntry("OUTSIDE", "unreachable");
      assertThat(succeeded(run(DEFAULTS.withNetwork(SandboxProperties.Network.HOST), probes, names, Map.of())))
          .containsEntry("LOOPBACK", "connected").containsEntry("OUTSIDE", "connected");
    }
  }

  @Test
  @DisplayName("without bwrap the action fails saying what to install, and nothing runs")
  void missingBubblewrapFailsTheAction() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("no-tools"));
    CommandsExecutor executor = new CommandsExecutor(Sandbox.withToolsIn(DEFAULTS, List.of(empty.toString())));
    ActionJob job = ActionFixture.job(COMMANDS).inputs(source).commands("touch ran").build();

    ActionResult result = fixture.run(executor, job);

    assertThat(failure(result)).startsWith("The command sandbox needs bubblewrap (bwrap), which is not installed on the"
        + " Flowline server: install it with: apt-get install bubblewrap");
    assertThat(fixture.log(job)).contains("apt-get install bubblewrap").doesNotContain("Running command");
  }

  @Test
  @DisplayName("without slirp4netns the default isolated network fails the action saying what to install")
  void missingSlirp4netnsFailsTheAction() throws Exception {
    Path tools = Files.createDirectories(temp.resolve("tools-without-slirp"));
    for (String tool : List.of("bwrap", "prlimit", "setpriv", "unshare")) {
      Path real = Stream.of("/usr/bin", "/bin").map(dir -> Path.of(dir, tool)).filter(Files::isExecutable)
          .findFirst().orElseThrow();
      Files.createSymbolicLink(tools.resolve(tool), real);
    }
    CommandsExecutor executor = new CommandsExecutor(Sandbox.withToolsIn(DEFAULTS, List.of(tools.toString())));
    ActionJob job = ActionFixture.job(COMMANDS).inputs(source).commands("touch ran").build();

    assertThat(failure(fixture.run(executor, job))).startsWith("The command sandbox's isolated network needs"
        + " slirp4netns, which is not installed on the Flowline server: install it with: apt-get install slirp4netns");
  }

  @Test
  @DisplayName("with flowline.sandbox.enabled=false (the operator's opt-out) commands run unconfined, bwrap or not")
  void optOutRunsUnconfined() throws Exception {
    Path empty = Files.createDirectories(temp.resolve("no-tools"));
    CommandsExecutor executor = new CommandsExecutor(Sandbox.withToolsIn(DEFAULTS.withEnabled(false),
        List.of(empty.toString())));
    ActionJob job = ActionFixture.job(COMMANDS).inputs(source)
        .commands("DATA_VISIBLE=$([ -e \"$DATA\" ] && echo visible || echo absent)")
        .environment(new EnvironmentVariable("DATA", fixture.dataDir.toString(), "PLAINTEXT"))
        .outputVariables("DATA_VISIBLE").build();

    assertThat(succeeded(fixture.run(executor, job))).containsEntry("DATA_VISIBLE", "visible");
  }

  /** A command setting {@code name} to connected or unreachable, trying a TCP connection for up to 3 s. */
  private static String probe(String name, String host, int port) {
    return "if timeout 3 bash -c 'exec 3<>/dev/tcp/" + host + "/" + port + "' 2>/dev/null; then " + name
        + "=connected; else " + name + "=unreachable; fi";
  }

  /** An IPv4 address of this machine that is not loopback, as a LAN peer would reach it. */
  private static InetAddress nonLoopbackAddress() throws IOException {
    return NetworkInterface.networkInterfaces()
        .filter(nic -> {
          try {
            return nic.isUp() && !nic.isLoopback();
          } catch (IOException e) {
            return false;
          }
        })
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> address instanceof Inet4Address)
        .findFirst().orElseThrow(() -> new IllegalStateException("the machine has no non-loopback IPv4 address"));
  }

  /** A TCP server accepting (and closing) every connection until closed. */
  private static final class Listener implements AutoCloseable {
    private final ServerSocket server;

    Listener(InetAddress address) throws IOException {
      server = new ServerSocket(0, 50, address);
      Thread acceptor = new Thread(() -> {
        while (!server.isClosed()) {
          try {
            server.accept().close();
          } catch (IOException closed) {
            return;
          }
        }
      }, "sandbox-test-listener");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  /** A command that forks {@code count} {@code sleep <seconds>} in the background, failing on the first refused fork. */
  private static String forks(int count, String seconds) {
    return "python3 -c 'import os, sys\nfor i in range(" + count + "):\n  if os.fork() == 0:\n"
        + "    os.execvp(\"sleep\", [\"sleep\", \"" + seconds + "\"])'";
  }

  private ActionResult run(SandboxProperties settings, List<String> commands, List<String> outputVariables,
      Map<String, String> environment) throws Exception {
    ActionJob job = ActionFixture.job(COMMANDS).inputs(source)
        .commands(commands.toArray(String[]::new))
        .outputVariables(outputVariables.toArray(String[]::new))
        .environment(environment.entrySet().stream()
            .map(e -> new EnvironmentVariable(e.getKey(), e.getValue(), "PLAINTEXT")).toArray(EnvironmentVariable[]::new))
        .timeout(Duration.ofSeconds(60))
        .build();
    return fixture.run(new CommandsExecutor(Sandbox.of(settings)), job);
  }

  private static Map<String, String> succeeded(ActionResult result) {
    assertThat(result).isInstanceOf(ActionResult.Succeeded.class);
    return ((ActionResult.Succeeded) result).outputVariables();
  }

  private static String failure(ActionResult result) {
    assertThat(result).isInstanceOf(ActionResult.Failed.class);
    return ((ActionResult.Failed) result).message();
  }
}

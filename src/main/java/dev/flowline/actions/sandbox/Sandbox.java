package dev.flowline.actions.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.springframework.util.unit.DataSize;

/**
 * Confines one user command with bubblewrap ({@code bwrap}). What the command gets:
 * <ul>
 *   <li>a non-root user: {@code settings.uid()} when the server runs as root (bwrap sets up the mounts as root,
 *       then {@code setpriv} drops to that user with no capabilities and no_new_privs), otherwise the server's
 *       own user in a user namespace;</li>
 *   <li>its own mount namespace: {@code settings.readOnlyPaths()} read-only, a fresh {@code /proc} and {@code /dev},
 *       a private size-limited {@code /tmp}, and the workspace, the only writable place, at its host path;
 *       nothing else of the host (no data directory, no server home, no other workspace);</li>
 *   <li>its own PID, IPC, UTS and (where possible) cgroup namespaces, a new session, and bwrap dies with its
 *       parent: when the command's init ends, the kernel kills everything left in the namespace;</li>
 *   <li>the action's environment only (the launch environment is exactly it), HOME inside the workspace;</li>
 *   <li>limits per process set by {@code prlimit} inside a user namespace of its own, so that the process count
 *       is the sandbox's alone: RLIMIT_NPROC, RLIMIT_NOFILE, RLIMIT_AS and RLIMIT_FSIZE;</li>
 *   <li>by default ({@link SandboxProperties.Network#ISOLATED}) a network namespace of its own, connected outbound
 *       by {@code slirp4netns --disable-host-loopback}: the internet and the LAN are reachable, the host's
 *       127.0.0.1 (Flowline, its database) is not; bwrap waits ({@code --block-fd 0}) until {@link #connect}
 *       has set the network up. {@code HOST} shares the host's network, {@code NONE} has only its own loopback.</li>
 * </ul>
 * The workspace's total size is not a kernel limit: the caller polls {@link #exceedsDisk} and stops the run.
 */
public final class Sandbox {

  private static final List<String> SEARCH_PATH = List.of("/usr/bin", "/bin", "/usr/local/bin", "/usr/sbin", "/sbin");
  private static final String SLIRP_DNS = "10.0.2.3";
  private static final String INSTALL_HINT = "install it with: apt-get install bubblewrap";

  private final SandboxProperties settings;
  private final boolean root;
  private final List<String> toolDirectories;

  private Sandbox(SandboxProperties settings, boolean root, List<String> toolDirectories) {
    this.settings = settings;
    this.root = root;
    this.toolDirectories = List.copyOf(toolDirectories);
  }

  /** The sandbox with these settings, finding bwrap and util-linux's tools on the server's PATH or in /usr/bin and the like. */
  public static Sandbox of(SandboxProperties settings) {
    List<String> dirs = new ArrayList<>();
    String path = System.getenv("PATH");
    if (path != null) {
      dirs.addAll(List.of(path.split(":")));
    }
    dirs.addAll(SEARCH_PATH);
    return new Sandbox(settings, serverIsRoot(), dirs);
  }

  /** The sandbox looking for its tools only in {@code directories}. */
  static Sandbox withToolsIn(SandboxProperties settings, List<String> directories) {
    return new Sandbox(settings, serverIsRoot(), directories);
  }

  public SandboxProperties settings() {
    return settings;
  }

  /**
   * What runs and with which environment; when {@code waitsForNetwork}, the process waits until
   * {@link #connect} has been called with it.
   */
  public record Launch(List<String> argv, Map<String, String> environment, boolean waitsForNetwork) {}

  /**
   * Why commands cannot run sandboxed on this machine (a sentence saying what to install), or empty when
   * they can or the sandbox is turned off.
   */
  public Optional<String> unavailable() {
    if (!settings.enabled()) {
      return Optional.empty();
    }
    if (tool("bwrap") == null) {
      return Optional.of("The command sandbox needs bubblewrap (bwrap), which is not installed on the Flowline server: "
          + INSTALL_HINT + " (or turn the sandbox off with flowline.sandbox.enabled=false, which runs commands"
          + " unconfined as the server's user)");
    }
    if (settings.network() == SandboxProperties.Network.ISOLATED && tool("slirp4netns") == null) {
      return Optional.of("The command sandbox's isolated network needs slirp4netns, which is not installed on the"
          + " Flowline server: install it with: apt-get install slirp4netns (or set flowline.sandbox.network to"
          + " host, which lets commands reach the server's loopback ports, or none)");
    }
    for (String tool : List.of("prlimit", "setpriv", "unshare")) {
      if (tool(tool) == null) {
        return Optional.of("The command sandbox needs " + tool + ", which is not installed on the Flowline server:"
            + " install it with: apt-get install util-linux");
      }
    }
    return Optional.empty();
  }

  /**
   * How to run {@code command} (a program and its arguments) in {@code workingDirectory}, inside
   * {@code workspace}, with {@code environment}; makes the workspace the sandbox user's first. Call
   * {@link #unavailable()} before. With the sandbox off, runs the command as it is.
   */
  public Launch launch(List<String> command, Path workspace, Path workingDirectory, Map<String, String> environment)
      throws IOException {
    if (!settings.enabled()) {
      return new Launch(List.copyOf(command), environment, false);
    }
    Path ws = workspace.toAbsolutePath().normalize();
    Path home = Files.createDirectories(ws.resolve("home"));
    Map<String, String> env = new LinkedHashMap<>(environment);
    env.put("HOME", home.toString());
    if (root) {
      env.put("USER", userName(settings.uid()));
      chown(ws, settings.uid(), settings.gid());
    }

    List<String> argv = new ArrayList<>(List.of(tool("bwrap")));
    if (!root) {
      argv.add("--unshare-user");
    }
    argv.addAll(List.of("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
        "--die-with-parent", "--new-session", "--hostname", "flowline-sandbox"));
    boolean isolated = settings.network() == SandboxProperties.Network.ISOLATED;
    if (settings.network() != SandboxProperties.Network.HOST) {
      argv.add("--unshare-net");
    }
    if (isolated) {
      argv.addAll(List.of("--block-fd", "0"));
    }
    for (String path : settings.readOnlyPaths()) {
      Path host = Path.of(path);
      if (Files.isSymbolicLink(host)) {
        // merged /usr: /bin -> usr/bin stays a link, pointing into the read-only /usr
        argv.addAll(List.of("--symlink", Files.readSymbolicLink(host).toString(), path));
      } else if (Files.exists(host)) {
        argv.addAll(List.of("--ro-bind", path, path));
      }
    }
    argv.addAll(List.of("--proc", "/proc", "--dev", "/dev",
        "--perms", "1777", "--size", Long.toString(settings.tmpSize().toBytes()), "--tmpfs", "/tmp"));
    List<String> parents = new ArrayList<>();
    for (Path parent = ws.getParent(); parent != null && parent.getParent() != null; parent = parent.getParent()) {
      parents.add(0, parent.toString());
    }
    for (String parent : parents) {
      // bwrap would create them 0700 as root, and the sandbox's user could not use the workspace's absolute path
      argv.addAll(List.of("--perms", "0755", "--dir", parent));
    }
    for (String path : settings.writablePaths()) {
      Path shared = Files.createDirectories(Path.of(path).toAbsolutePath().normalize());
      if (root) {
        chown(shared, settings.uid(), settings.gid());
      }
      argv.addAll(List.of("--bind", shared.toString(), shared.toString()));
    }
    argv.addAll(List.of("--bind", ws.toString(), ws.toString()));
    if (isolated && loopbackResolver()) {
      // the host's resolver on 127.0.0.x is out of reach: slirp4netns answers DNS on 10.0.2.3
      Path resolvConf = Files.writeString(Files.createDirectories(ws.resolve(".sandbox")).resolve("resolv.conf"),
          "nameserver " + SLIRP_DNS + "\n");
      argv.addAll(List.of("--ro-bind", resolvConf.toString(), "/etc/resolv.conf"));
    }
    argv.addAll(List.of(
        "--chdir", workingDirectory.toAbsolutePath().normalize().toString(), "--"));
    if (root) {
      argv.addAll(List.of(tool("setpriv"), "--reuid=" + settings.uid(), "--regid=" + settings.gid(), "--clear-groups",
          "--no-new-privs", "--bounding-set=-all", "--inh-caps=-all", "--",
          // a user namespace of its own, so that RLIMIT_NPROC counts this sandbox's processes only
          tool("unshare"), "--user", "--map-current-user", "--"));
    }
    argv.addAll(List.of(tool("prlimit"),
        "--nproc=" + settings.processes(),
        "--nofile=" + settings.openFiles(),
        "--as=" + settings.memory().toBytes(),
        "--fsize=" + settings.disk().toBytes(),
        "--"));
    argv.addAll(command);
    return new Launch(argv, env, isolated);
  }

  /**
   * Connects a launched sandbox that waits for its network: starts slirp4netns on the network namespace of
   * the sandbox's init (the child of {@code bwrap}), waits until it is ready, then lets the sandbox go on.
   * Close the result when the run has ended. Fails when the network cannot be set up within 10 s.
   */
  public Connection connect(Launch launch, Process bwrap) throws IOException, InterruptedException {
    if (!launch.waitsForNetwork()) {
      return () -> {};
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Optional<ProcessHandle> init = Optional.empty();
    while (init.isEmpty() && bwrap.isAlive() && System.nanoTime() < deadline) {
      init = bwrap.children().findFirst();
      if (init.isEmpty()) {
        Thread.sleep(5);
      }
    }
    if (init.isEmpty()) {
      throw new IOException("the sandbox ended before its network could be set up");
    }
    // bwrap's sandbox gives its loopback device 127.0.0.1 itself, and fails when the address is there already;
    // slirp4netns --configure brings that device up, which assigns the address. Started before bwrap's step, it
    // made bwrap fail now and then ("loopback: Failed RTM_NEWADDR"), so slirp4netns waits for that step.
    Path routes = Path.of("/proc", Long.toString(init.get().pid()), "net", "fib_trie");
    long loopbackDeadline = Math.min(deadline, System.nanoTime() + TimeUnit.SECONDS.toNanos(2));
    while (!hasLoopbackAddress(routes) && bwrap.isAlive() && System.nanoTime() < loopbackDeadline) {
      Thread.sleep(2);
    }
    List<String> argv = new ArrayList<>(List.of(tool("slirp4netns"), "--configure", "--mtu=65520",
        "--disable-host-loopback", "--ready-fd=1"));
    if (!root) {
      argv.add("--userns-path=/proc/" + init.get().pid() + "/ns/user");
    }
    argv.addAll(List.of(Long.toString(init.get().pid()), "tap0"));
    Process slirp = new ProcessBuilder(argv)
        .redirectError(ProcessBuilder.Redirect.DISCARD)
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    Connection connection = () -> {
      slirp.destroyForcibly();
      slirp.getInputStream().close();
    };
    try {
      CompletableFuture<Integer> ready = CompletableFuture.supplyAsync(() -> {
        try {
          return slirp.getInputStream().read();
        } catch (IOException e) {
          return -1;
        }
      });
      if (ready.get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS)
          != '1') {
        throw new IOException("slirp4netns could not set up the sandbox's network");
      }
    } catch (ExecutionException | TimeoutException e) {
      connection.close();
      throw new IOException("slirp4netns did not set up the sandbox's network within 10 s", e);
    } catch (IOException | InterruptedException e) {
      connection.close();
      throw e;
    }
    try (OutputStream go = bwrap.getOutputStream()) {
      go.write('1');
    }
    return connection;
  }

  private static boolean hasLoopbackAddress(Path routes) {
    try {
      return Files.readString(routes).contains("127.0.0.1");
    } catch (IOException gone) {
      return false;
    }
  }

  /** The network of one sandbox run, ended by {@link #close()}. */
  public interface Connection extends AutoCloseable {
    @Override
    void close() throws IOException;
  }

  /** Whether the files in {@code workspace} together exceed the disk limit. */
  public boolean exceedsDisk(Path workspace) {
    return settings.enabled() && sizeOf(workspace) > settings.disk().toBytes();
  }

  /** The message for a run stopped because its workspace outgrew the disk limit. */
  public String diskExceeded() {
    return "The workspace exceeded the sandbox's disk limit of " + human(settings.disk())
        + " (flowline.sandbox.disk); every process of the action was stopped";
  }

  /** Which sandbox limit an output line says a command ran into, or null (the line is the command's own). */
  public String limitHit(String line) {
    if (!settings.enabled()) {
      return null;
    }
    String l = line.toLowerCase(Locale.ROOT);
    if (l.contains("fork: retry") || l.contains("resource temporarily unavailable") || l.contains("cannot fork")
        || l.contains("unable to create native thread")) {
      return "the commands hit the sandbox's limit of " + settings.processes()
          + " processes (flowline.sandbox.processes)";
    }
    if (l.contains("too many open files")) {
      return "the commands hit the sandbox's limit of " + settings.openFiles()
          + " open files per process (flowline.sandbox.open-files)";
    }
    if (l.contains("file size limit exceeded")) {
      return "a file reached the sandbox's disk limit of " + human(settings.disk()) + " (flowline.sandbox.disk)";
    }
    if (l.contains("cannot allocate") || l.contains("memoryerror") || l.contains("outofmemoryerror")
        || l.contains("bad_alloc") || l.contains("out of memory")) {
      return "the commands hit the sandbox's memory limit of " + human(settings.memory())
          + " of address space per process (flowline.sandbox.memory)";
    }
    return null;
  }

  /** {@code 4 GB}, {@code 512 MB}, or bytes. */
  static String human(DataSize size) {
    long bytes = size.toBytes();
    if (bytes >= DataSize.ofGigabytes(1).toBytes() && bytes % DataSize.ofGigabytes(1).toBytes() == 0) {
      return size.toGigabytes() + " GB";
    }
    if (bytes >= DataSize.ofMegabytes(1).toBytes() && bytes % DataSize.ofMegabytes(1).toBytes() == 0) {
      return size.toMegabytes() + " MB";
    }
    if (bytes >= DataSize.ofKilobytes(1).toBytes() && bytes % DataSize.ofKilobytes(1).toBytes() == 0) {
      return size.toKilobytes() + " KB";
    }
    return bytes + " bytes";
  }

  private String tool(String name) {
    return toolDirectories.stream()
        .filter(dir -> !dir.isBlank() && dir.startsWith("/"))
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .map(Path::toString)
        .findFirst().orElse(null);
  }

  private static boolean loopbackResolver() {
    try (Stream<String> lines = Files.lines(Path.of("/etc/resolv.conf"))) {
      return lines.map(String::strip).filter(line -> line.startsWith("nameserver"))
          .map(line -> line.substring("nameserver".length()).strip())
          .anyMatch(address -> address.startsWith("127.") || address.equals("::1"));
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean serverIsRoot() {
    try {
      return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return false;
    }
  }

  private static String userName(int uid) {
    try (Stream<String> lines = Files.lines(Path.of("/etc/passwd"))) {
      return lines.map(line -> line.split(":"))
          .filter(f -> f.length > 2 && f[2].equals(Integer.toString(uid)))
          .map(f -> f[0]).findFirst().orElse(Integer.toString(uid));
    } catch (IOException e) {
      return Integer.toString(uid);
    }
  }

  private static void chown(Path workspace, int uid, int gid) throws IOException {
    Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
        own(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
        own(file);
        return FileVisitResult.CONTINUE;
      }

      private void own(Path path) throws IOException {
        Files.setAttribute(path, "unix:uid", uid, LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(path, "unix:gid", gid, LinkOption.NOFOLLOW_LINKS);
      }
    });
  }

  private static long sizeOf(Path workspace) {
    long[] total = {0};
    try {
      Files.walkFileTree(workspace, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
          total[0] += attrs.size();
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) {
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      // a tree changing while it is walked: what was counted so far is the answer
    }
    return total[0];
  }
}

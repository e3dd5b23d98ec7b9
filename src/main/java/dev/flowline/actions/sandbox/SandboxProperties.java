package dev.flowline.actions.sandbox;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * {@code flowline.sandbox.*}: how the commands of Commands and local CodeBuild actions are confined (see
 * docs/security.md, "Sandbox").
 *
 * @param enabled       false runs commands unconfined as the server's user (loudly warned at startup)
 * @param network       {@code isolated}: outbound through slirp4netns, the host's loopback unreachable;
 *                      {@code host}: the host's network as it is, loopback included; {@code none}: only its own loopback
 * @param uid           the user the commands run as when the server runs as root (otherwise the server's user)
 * @param gid           its group
 * @param memory        address space per process (RLIMIT_AS)
 * @param processes     processes and threads of one sandbox (RLIMIT_NPROC in the sandbox's user namespace)
 * @param openFiles     open files per process (RLIMIT_NOFILE)
 * @param disk          the workspace's size; also the largest file (RLIMIT_FSIZE)
 * @param tmpSize       size of the sandbox's private /tmp (tmpfs, in memory)
 * @param readOnlyPaths host paths visible read-only (missing ones are skipped); nothing else of the host is
 * @param writablePaths host directories every sandbox may write (e.g. a shared dependency cache): created when
 *                      missing and, for a root server, handed to the sandbox user before each run; shared by all
 *                      actions, so one build can change what the next one finds there (default none)
 */
@ConfigurationProperties("flowline.sandbox")
public record SandboxProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("isolated") Network network,
    @DefaultValue("65534") int uid,
    @DefaultValue("65534") int gid,
    @DefaultValue("16GB") DataSize memory,
    @DefaultValue("512") int processes,
    @DefaultValue("4096") int openFiles,
    @DefaultValue("10GB") DataSize disk,
    @DefaultValue("512MB") DataSize tmpSize,
    @DefaultValue({"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"}) List<String> readOnlyPaths,
    @DefaultValue({}) List<String> writablePaths) {

  /** What a sandboxed command can reach over the network. */
  public enum Network {
    /** Its own network namespace, outbound through slirp4netns with the host's loopback unreachable. */
    ISOLATED,
    /** The host's network namespace: everything the server can reach, its loopback ports included. */
    HOST,
    /** Its own network namespace with only its own loopback. */
    NONE
  }

  /** The settings with every default, as a server without any {@code flowline.sandbox} setting has them. */
  public static SandboxProperties defaults() {
    return new Binder().bindOrCreate("flowline.sandbox", Bindable.of(SandboxProperties.class));
  }

  /** A copy with other limits, keeping the rest. */
  public SandboxProperties withLimits(DataSize memory, int processes, int openFiles, DataSize disk) {
    return new SandboxProperties(enabled, network, uid, gid, memory, processes, openFiles, disk, tmpSize, readOnlyPaths, writablePaths);
  }

  /** A copy with another network, keeping the rest. */
  public SandboxProperties withNetwork(Network other) {
    return new SandboxProperties(enabled, other, uid, gid, memory, processes, openFiles, disk, tmpSize, readOnlyPaths, writablePaths);
  }

  /** A copy with the sandbox on or off, keeping the rest. */
  public SandboxProperties withEnabled(boolean on) {
    return new SandboxProperties(on, network, uid, gid, memory, processes, openFiles, disk, tmpSize, readOnlyPaths, writablePaths);
  }
}

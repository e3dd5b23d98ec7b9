package dev.flowline.actions.source;

import dev.flowline.artifacts.ArtifactRefusedException;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.ConfigInvalidException;
import org.eclipse.jgit.lib.BlobBasedConfig;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.submodule.SubmoduleWalk;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;

/**
 * Fetches the submodules of a {@code CODEBUILD_CLONE_REF} clone, recursively (at most {@link #MAX_DEPTH} levels and
 * {@link #MAX_SUBMODULES} in all), laid out as {@code git submodule update --init --recursive} lays them out: each
 * one's repository under {@code .git/modules/<name>}, its working tree at its path (a {@code .git} file pointing
 * there) with the recorded commit checked out, and {@code submodule.<name>.url} in the superproject's config.
 *
 * <p>{@code .gitmodules} is written by whoever can push, so it is judged as hostile input:
 * <ul>
 *   <li>names as git judges them since CVE-2018-11235 (no {@code ..} segment, nothing starting with {@code -}, no
 *       absolute name; names nesting in one another's directory refused as git does since CVE-2019-1387), and the
 *       repository directory must stay under {@code .git/modules};</li>
 *   <li>paths are the superproject tree's gitlinks (already checked as git's fsck checks trees), and a submodule's
 *       working tree is never reached through a symbolic link;</li>
 *   <li>URLs, after resolving {@code ./} and {@code ../} against the superproject's URL as git does: only
 *       {@code http(s)} without user info; the provider's own scheme, host and port get the token, any other host
 *       only {@code https} and no credentials at all; {@code file:}, {@code ssh:}, {@code git@host:path}, local
 *       paths, transport helpers ({@code ext::}) and anything starting with {@code -} are refused;</li>
 *   <li>nothing else of {@code .gitmodules} is read: no {@code update = !command}, no branch, no shallow.</li>
 * </ul>
 * The token reaches the host only through a credentials provider bound to that host (a redirect elsewhere gets
 * nothing; redirects are not followed while fetching) and is never written: every URL stored is the one
 * {@code .gitmodules} gave. A submodule that is refused or cannot be fetched is a {@link Refused} naming it and
 * the host's answer.
 */
final class Submodules {
  static final int MAX_DEPTH = 5;
  static final int MAX_SUBMODULES = 50;

  /** A submodule Flowline will not or cannot fetch; the message names it and never holds the token. */
  static final class Refused extends Exception {
    Refused(String message) {
      super(message, null, false, false);
    }
  }

  private final GitRemote provider;
  private final URI providerUrl;
  private final Set<String> otherHostSchemes;
  private final Consumer<String> log;
  private int fetched;

  /**
   * @param provider         the superproject's remote: its scheme, host and port are the ones the token is for
   * @param otherHostSchemes the schemes other hosts are fetched over: {@code https} (tests: also {@code http})
   * @param log              one line per fetched submodule, for the action's log
   */
  Submodules(GitRemote provider, Set<String> otherHostSchemes, Consumer<String> log) {
    this.provider = provider;
    this.providerUrl = URI.create(provider.url());
    this.otherHostSchemes = otherHostSchemes;
    this.log = log;
  }

  /** Fetches the submodules {@code commit} of the non-bare {@code repository} records, and theirs. */
  void fetch(Repository repository, RevCommit commit, String remoteUrl) throws Refused, IOException {
    fetch(repository, commit, remoteUrl, "", 1);
  }

  private record Entry(String name, String path, ObjectId commit, String url) {}

  private void fetch(Repository repository, RevCommit commit, String remoteUrl, String prefix, int depth)
      throws Refused, IOException {
    List<Entry> entries = entries(repository, commit, prefix);
    if (entries.isEmpty()) {
      return;
    }
    if (depth > MAX_DEPTH) {
      throw new Refused("Submodule '" + prefix + entries.get(0).path() + "' is nested deeper than " + MAX_DEPTH
          + " levels; Flowline fetches submodules at most " + MAX_DEPTH + " levels deep.");
    }
    for (Entry entry : entries) {
      for (Entry other : entries) {
        if (other != entry && other.name().startsWith(entry.name() + "/")) {
          throw new Refused("Submodule names '" + entry.name() + "' and '" + other.name() + "' nest in one another "
              + "(as in CVE-2019-1387); git refuses them, and so does Flowline.");
        }
      }
    }
    for (Entry entry : entries) {
      if (++fetched > MAX_SUBMODULES) {
        throw new Refused("The clone has more than " + MAX_SUBMODULES + " submodules; Flowline fetches at most "
            + MAX_SUBMODULES + ".");
      }
      String url = resolve(entry, remoteUrl, prefix);
      boolean sameHost = sameHost(URI.create(url));
      if (!sameHost && !otherHostSchemes.contains(URI.create(url).getScheme().toLowerCase(Locale.ROOT))) {
        throw new Refused(describe(entry, prefix) + " is at " + url + ": a host other than the provider's is "
            + "fetched over https only, without credentials.");
      }
      try (Repository submodule = checkout(repository, entry, url, sameHost, prefix)) {
        log.accept("[Flowline] submodule " + prefix + entry.path() + " " + entry.commit().name() + " from " + url
            + (sameHost ? " (with " + provider.label() + ")" : " (anonymously)"));
        try (RevWalk walk = new RevWalk(submodule)) {
          fetch(submodule, walk.parseCommit(entry.commit()), url, prefix + entry.path() + "/", depth + 1);
        }
      }
    }
  }

  /**
   * The gitlinks of {@code commit}'s tree that {@code .gitmodules} declares, with their name and URL, after every
   * declaration in it was checked. A gitlink {@code .gitmodules} does not declare (a nested repository added by
   * mistake) is left an empty directory, as before submodules were fetched.
   */
  private List<Entry> entries(Repository repository, RevCommit commit, String prefix) throws Refused, IOException {
    Config modules = new Config();
    try (TreeWalk dotGitModules = TreeWalk.forPath(repository, Constants.DOT_GIT_MODULES, commit.getTree())) {
      if (dotGitModules != null) {
        modules = new BlobBasedConfig(null, repository, dotGitModules.getObjectId(0));
      }
    } catch (ConfigInvalidException e) {
      throw new Refused("The .gitmodules of " + (prefix.isEmpty() ? "the repository" : "submodule '"
          + prefix.substring(0, prefix.length() - 1) + "'") + " is not a valid git config file: " + e.getMessage());
    }
    for (String name : modules.getSubsections("submodule")) {
      checkName(name, prefix);
      checkPath(modules.getString("submodule", name, "path"), name, prefix);
    }
    List<Entry> entries = new ArrayList<>();
    try (SubmoduleWalk walk = new SubmoduleWalk(repository)) {
      walk.setTree(commit.getTree());
      walk.setModulesConfig(modules);
      while (walk.next()) {
        String path = walk.getPath();
        String name;
        String url;
        try {
          name = walk.getModuleName();
          url = walk.getModulesUrl();
        } catch (ConfigInvalidException e) {
          throw new IllegalStateException(e); // the config is already parsed
        }
        if (!modules.getSubsections("submodule").contains(name)) {
          log.accept("[Flowline] " + prefix + path + " is a gitlink .gitmodules does not declare: left empty");
          continue;
        }
        if (url == null || url.isBlank()) {
          throw new Refused("Submodule '" + prefix + path + "' (name '" + name + "') has no url in .gitmodules.");
        }
        entries.add(new Entry(name, path, walk.getObjectId().copy(), url.strip()));
      }
    }
    return entries;
  }

  /** A {@code .gitmodules} path: relative, inside the repository, never {@code .git}. */
  private static void checkPath(String path, String name, String prefix) throws Refused {
    if (path == null) {
      return;
    }
    boolean bad = path.isEmpty() || path.startsWith("-") || path.startsWith("/") || path.startsWith("\\")
        || path.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || path.matches("^[A-Za-z]:.*");
    if (!bad) {
      for (String segment : path.split("[/\\\\]", -1)) {
        bad |= segment.isEmpty() || segment.equals(".") || segment.equals("..") || segment.equalsIgnoreCase(".git");
      }
    }
    if (bad) {
      throw new Refused("Submodule '" + prefix + name + "' has the path '" + path + "' in .gitmodules, which leaves "
          + "the repository or enters .git; refused.");
    }
  }

  /** Git's rules for a submodule name, which becomes a directory under .git/modules. */
  private static void checkName(String name, String prefix) throws Refused {
    boolean bad = name == null || name.isEmpty() || name.startsWith("-") || name.startsWith("/")
        || name.startsWith("\\") || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f) || name.contains(":");
    if (!bad) {
      for (String segment : name.split("[/\\\\]", -1)) {
        bad |= segment.isEmpty() || segment.equals(".") || segment.equals("..")
            || segment.equalsIgnoreCase(".git");
      }
    }
    if (bad) {
      throw new Refused("A submodule of " + (prefix.isEmpty() ? "the repository" : "'" + prefix + "'")
          + " has the name '" + name + "' in .gitmodules, which could write "
          + "outside .git/modules (as in CVE-2018-11235); refused.");
    }
  }

  /** The absolute URL: git resolves {@code ./} and {@code ../} against the superproject's remote URL. */
  private static String resolve(Entry entry, String remoteUrl, String prefix) throws Refused {
    String url = entry.url();
    if (url.startsWith("./") || url.startsWith("../")) {
      String base = remoteUrl.replaceAll("/+$", "");
      while (url.startsWith("./") || url.startsWith("../")) {
        if (url.startsWith("./")) {
          url = url.substring(2);
        } else {
          int slash = base.lastIndexOf('/');
          if (slash <= base.indexOf("://") + 2) {
            throw new Refused(describe(entry, prefix) + " has the URL '" + entry.url() + "', which climbs above "
                + "the host of " + remoteUrl + ".");
          }
          base = base.substring(0, slash);
          url = url.substring(3);
        }
      }
      url = base + "/" + url;
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (url.startsWith("-") || uri == null || uri.getScheme() == null || uri.getHost() == null
        || !Set.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT)) || uri.getRawUserInfo() != null
        || uri.getRawQuery() != null || uri.getRawFragment() != null || url.chars().anyMatch(c -> c <= 0x20)) {
      throw new Refused(describe(entry, prefix) + " has the URL '" + entry.url() + "': Flowline fetches submodules "
          + "over http(s) only, without user info (not file:, ssh:, git@host:path or a local path). Use a URL "
          + "relative to the repository (../other.git) or an https URL.");
    }
    return url;
  }

  private boolean sameHost(URI url) {
    return url.getScheme().equalsIgnoreCase(providerUrl.getScheme())
        && url.getHost().equalsIgnoreCase(providerUrl.getHost()) && port(url) == port(providerUrl);
  }

  private static int port(URI url) {
    return url.getPort() != -1 ? url.getPort() : url.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  private static String describe(Entry entry, String prefix) {
    return "Submodule '" + prefix + entry.path() + "' (name '" + entry.name() + "')";
  }

  /** Fetches one submodule into .git/modules/<name> and checks out its commit at its path. */
  private Repository checkout(Repository parent, Entry entry, String url, boolean sameHost, String prefix)
      throws Refused, IOException {
    Path parentGitDir = parent.getDirectory().toPath().toAbsolutePath().normalize();
    Path parentWorkTree = parent.getWorkTree().toPath().toAbsolutePath().normalize();
    Path modules = parentGitDir.resolve("modules");
    Path gitDir = modules.resolve(entry.name()).normalize();
    Path workTree = parentWorkTree.resolve(entry.path()).normalize();
    if (!gitDir.startsWith(modules) || gitDir.equals(modules) || Files.exists(gitDir, LinkOption.NOFOLLOW_LINKS)
        || !workTree.startsWith(parentWorkTree) || workTree.equals(parentWorkTree)) {
      throw new Refused(describe(entry, prefix) + " would be written outside its place; refused.");
    }
    for (Path p = workTree; !p.equals(parentWorkTree); p = p.getParent()) {
      if (Files.isSymbolicLink(p) || (Files.exists(p, LinkOption.NOFOLLOW_LINKS)
          && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))) {
        throw new Refused(describe(entry, prefix) + ": its path is a symbolic link or a file in the clone; refused.");
      }
    }
    Files.createDirectories(workTree);
    try (Repository submodule = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setWorkTree(workTree.toFile())
        .build()) {
      submodule.create(false);
      StoredConfig config = submodule.getConfig();
      config.setString("core", null, "worktree", gitDir.relativize(workTree).toString());
      config.setString("remote", "origin", "url", url);
      config.setString("remote", "origin", "fetch", "+refs/heads/*:refs/remotes/origin/*");
      config.setBoolean("http", null, "followRedirects", false);
      config.save();
      fetchInto(submodule, entry, url, sameHost, prefix);
      config.unset("http", null, "followRedirects");
      config.save();
    }
    Files.writeString(workTree.resolve(".git"), "gitdir: " + workTree.relativize(gitDir) + "\n",
        StandardCharsets.UTF_8);
    StoredConfig parentConfig = parent.getConfig();
    parentConfig.setString("submodule", entry.name(), "url", url);
    parentConfig.setBoolean("submodule", entry.name(), "active", true);
    parentConfig.save();
    Repository submodule = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setWorkTree(workTree.toFile())
        .setMustExist(true).build();
    try (ObjectReader reader = submodule.newObjectReader(); RevWalk walk = new RevWalk(reader);
        Git git = new Git(submodule)) {
      new TreeCheckout(reader, TreeCheckout.objectChecker()).check(walk.parseCommit(entry.commit()).getTree());
      git.checkout().setName(entry.commit().name()).call();
      return submodule;
    } catch (ArtifactRefusedException e) {
      submodule.close();
      throw new Refused(describe(entry, prefix) + " at " + entry.commit().name() + " cannot be checked out safely. "
          + e.getMessage());
    } catch (GitAPIException | IOException | RuntimeException e) {
      submodule.close();
      throw new Refused(describe(entry, prefix) + ": checking out " + entry.commit().name() + " failed: "
          + e.getMessage());
    }
  }

  private void fetchInto(Repository submodule, Entry entry, String url, boolean sameHost, String prefix)
      throws Refused, IOException {
    CredentialsProvider credentials = sameHost ? new HostBound(provider, providerUrl) : null;
    ScratchGit.disableAutoGc(submodule);
    try (Git git = new Git(submodule)) {
      git.fetch().setRemote(url).setCredentialsProvider(credentials).setTimeout(GitHttpsSource.TIMEOUT_SECONDS)
          .setRefSpecs(new RefSpec("+refs/heads/*:refs/remotes/origin/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
          .call();
      if (!submodule.getObjectDatabase().has(entry.commit())) {
        // not on a branch or tag: ask for the commit itself, which hosts allowing it (GitHub, GitLab) answer
        try {
          git.fetch().setRemote(url).setCredentialsProvider(credentials).setTimeout(GitHttpsSource.TIMEOUT_SECONDS)
              .setRefSpecs(new RefSpec(entry.commit().name() + ":refs/flowline/submodule")).call();
        } catch (GitAPIException | RuntimeException e) {
          // answered below
        }
      }
    } catch (GitAPIException | RuntimeException e) {
      throw new Refused(describe(entry, prefix) + " could not be fetched from " + url + ": " + masked(e) + ".");
    }
    if (!submodule.getObjectDatabase().has(entry.commit())) {
      throw new Refused(describe(entry, prefix) + ": the commit " + entry.commit().name() + " the superproject "
          + "records is not on a branch or tag of " + url + ".");
    }
  }

  private String masked(Exception e) {
    String answer = e.getMessage() == null ? e.toString() : e.getMessage();
    return provider.token() == null || provider.token().isEmpty() ? answer : answer.replace(provider.token(), "****");
  }

  /** The provider's user and token, given only to the provider's own scheme, host and port. */
  private static final class HostBound extends UsernamePasswordCredentialsProvider {
    private final URI host;

    HostBound(GitRemote provider, URI host) {
      super(provider.user(), provider.token());
      this.host = host;
    }

    @Override
    public boolean get(URIish uri, CredentialItem... items) {
      boolean same = uri.getScheme() != null && uri.getScheme().equalsIgnoreCase(host.getScheme())
          && uri.getHost() != null && uri.getHost().equalsIgnoreCase(host.getHost())
          && (uri.getPort() > 0 ? uri.getPort() : port(URI.create(uri.getScheme() + "://x"))) == port(host);
      return same && super.get(uri, items);
    }
  }
}

package dev.flowline.triggers;

/**
 * Webhook bodies as GitHub, GitLab and Bitbucket document them (docs.github.com "Webhook events and payloads",
 * docs.gitlab.com "Webhook events", support.atlassian.com "Event payloads"), trimmed to the members a receiver
 * reads plus the usual neighbours, with the values a test needs.
 */
final class ProviderPayloads {

  private ProviderPayloads() {}

  static String gitHubPush(String repository, String ref, String before, String after, String... changedFiles) {
    return """
        {
          "ref": "%s",
          "before": "%s",
          "after": "%s",
          "created": false,
          "deleted": false,
          "forced": false,
          "base_ref": null,
          "compare": "https://github.com/%s/compare/%s...%s",
          "commits": [
            {
              "id": "%s",
              "tree_id": "f9d2a07e9488b91af2641b26b9407fe22a451433",
              "distinct": true,
              "message": "Update the app",
              "timestamp": "2026-12-05T05:00:00Z",
              "url": "https://github.com/%s/commit/%s",
              "author": { "name": "Ada Lovelace", "email": "ada@example.com", "username": "ada" },
              "committer": { "name": "Ada Lovelace", "email": "ada@example.com", "username": "ada" },
              "added": [],
              "removed": [],
              "modified": [%s]
            }
          ],
          "head_commit": { "id": "%s", "message": "Update the app", "timestamp": "2026-12-05T05:00:00Z" },
          "repository": {
            "id": 35129377,
            "name": "%s",
            "full_name": "%s",
            "private": true,
            "owner": { "name": "octo", "login": "octo" },
            "html_url": "https://github.com/%s",
            "default_branch": "main"
          },
          "pusher": { "name": "ada", "email": "ada@example.com" },
          "sender": { "login": "ada", "id": 21031067, "type": "User" }
        }
        """.formatted(ref, before, after, repository, before, after, after, repository, after, quoted(changedFiles),
        after, repository.substring(repository.indexOf('/') + 1), repository, repository);
  }

  /** An annotated tag push: {@code after} is the tag object, {@code head_commit} the tagged commit. */
  static String gitHubTagPush(String repository, String tag, String tagObject, String commit) {
    return """
        {
          "ref": "refs/tags/%s",
          "before": "0000000000000000000000000000000000000000",
          "after": "%s",
          "created": true,
          "deleted": false,
          "forced": false,
          "base_ref": "refs/heads/main",
          "commits": [],
          "head_commit": { "id": "%s", "message": "Release" },
          "repository": { "id": 35129377, "full_name": "%s", "default_branch": "main" },
          "sender": { "login": "ada" }
        }
        """.formatted(tag, tagObject, commit, repository);
  }

  /** {@code action} is opened, synchronize, reopened, closed, edited, labeled, ... */
  static String gitHubPullRequest(String repository, String action, int number, String head, String headSha,
      String base, String baseSha) {
    return """
        {
          "action": "%s",
          "number": %d,
          "pull_request": {
            "url": "https://api.github.com/repos/%s/pulls/%d",
            "id": 1234567,
            "number": %d,
            "state": "%s",
            "title": "Add a feature",
            "user": { "login": "ada" },
            "head": { "label": "octo:%s", "ref": "%s", "sha": "%s", "repo": { "full_name": "%s" } },
            "base": { "label": "octo:%s", "ref": "%s", "sha": "%s", "repo": { "full_name": "%s" } },
            "merged": false,
            "commits": 1,
            "changed_files": 1
          },
          "repository": { "id": 35129377, "full_name": "%s", "default_branch": "main" },
          "sender": { "login": "ada" }
        }
        """.formatted(action, number, repository, number, number, action.equals("closed") ? "closed" : "open", head,
        head, headSha, repository, base, base, baseSha, repository, repository);
  }

  static String gitLabPush(String project, String ref, String before, String after, String... changedFiles) {
    return """
        {
          "object_kind": "push",
          "event_name": "push",
          "before": "%s",
          "after": "%s",
          "ref": "%s",
          "ref_protected": true,
          "checkout_sha": "%s",
          "user_id": 4,
          "user_name": "Ada Lovelace",
          "user_username": "ada",
          "project_id": 15,
          "project": {
            "id": 15,
            "name": "app",
            "path_with_namespace": "%s",
            "default_branch": "main",
            "git_http_url": "https://gitlab.example.com/%s.git"
          },
          "commits": [
            {
              "id": "%s",
              "message": "Update the app",
              "title": "Update the app",
              "timestamp": "2026-12-05T05:00:00+00:00",
              "author": { "name": "Ada Lovelace", "email": "ada@example.com" },
              "added": [],
              "modified": [%s],
              "removed": []
            }
          ],
          "total_commits_count": 1,
          "repository": { "name": "app", "homepage": "https://gitlab.example.com/%s" }
        }
        """.formatted(before, after, ref, after, project, project, after, quoted(changedFiles), project);
  }

  /** {@code action}: open, reopen, update (with oldrev: new commits), close, merge, approved, ... */
  static String gitLabMergeRequest(String project, String action, int iid, String source, String target,
      String lastCommit) {
    return """
        {
          "object_kind": "merge_request",
          "event_type": "merge_request",
          "user": { "id": 1, "name": "Ada Lovelace", "username": "ada" },
          "project": { "id": 15, "name": "app", "path_with_namespace": "%s", "default_branch": "main" },
          "object_attributes": {
            "id": 99,
            "iid": %d,
            "target_branch": "%s",
            "source_branch": "%s",
            "source_project_id": 15,
            "target_project_id": 15,
            "state": "opened",
            "title": "Add a feature",
            "last_commit": { "id": "%s", "message": "Add a feature", "title": "Add a feature" },
            %s
            "action": "%s"
          },
          "repository": { "name": "app" }
        }
        """.formatted(project, iid, target, source, lastCommit,
        action.equals("update") ? "\"oldrev\": \"" + "1".repeat(40) + "\"," : "", action);
  }

  static String bitbucketPush(String repository, String branch, String oldHash, String newHash) {
    return """
        {
          "actor": { "display_name": "Ada Lovelace", "type": "user" },
          "repository": { "type": "repository", "full_name": "%s", "name": "app", "is_private": true },
          "push": {
            "changes": [
              {
                "old": { "type": "branch", "name": "%s", "target": { "type": "commit", "hash": "%s" } },
                "new": { "type": "branch", "name": "%s", "target": { "type": "commit", "hash": "%s",
                         "message": "Update the app\\n", "author": { "raw": "Ada Lovelace <ada@example.com>" } } },
                "created": false,
                "forced": false,
                "closed": false,
                "truncated": false,
                "commits": [ { "hash": "%s", "type": "commit", "message": "Update the app\\n" } ]
              }
            ]
          }
        }
        """.formatted(repository, branch, oldHash, branch, newHash, newHash);
  }

  /** Bitbucket Cloud's pull request events: the commits are 12-character short hashes, as Bitbucket sends them. */
  static String bitbucketPullRequest(String repository, int id, String source, String sourceHash, String destination,
      String destinationHash) {
    return """
        {
          "actor": { "display_name": "Ada Lovelace", "type": "user" },
          "pullrequest": {
            "id": %d,
            "title": "Add a feature",
            "state": "OPEN",
            "author": { "display_name": "Ada Lovelace" },
            "source": { "branch": { "name": "%s" }, "commit": { "type": "commit", "hash": "%s" },
                        "repository": { "full_name": "%s" } },
            "destination": { "branch": { "name": "%s" }, "commit": { "type": "commit", "hash": "%s" },
                             "repository": { "full_name": "%s" } },
            "merge_commit": null,
            "close_source_branch": false
          },
          "repository": { "type": "repository", "full_name": "%s", "name": "app", "is_private": true }
        }
        """.formatted(id, source, sourceHash.substring(0, 12), repository, destination, destinationHash.substring(0, 12),
        repository, repository);
  }

  private static String quoted(String... values) {
    StringBuilder out = new StringBuilder();
    for (String value : values) {
      out.append(out.isEmpty() ? "" : ", ").append('"').append(value).append('"');
    }
    return out.toString();
  }
}

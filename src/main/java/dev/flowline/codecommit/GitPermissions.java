package dev.flowline.codecommit;

/**
 * What an authenticated git user may do with a hosted repository: fetch (clone, pull) or push. Asked for
 * every request before any object is sent or received; a refusal answers 403.
 */
public interface GitPermissions {

  boolean mayFetch(String userId, String repository);

  boolean mayPush(String userId, String repository);
}

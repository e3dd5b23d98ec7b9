package dev.flowline.engine;

import java.util.Optional;

/**
 * Who may do what, decided from the caller's Camunda groups (the roles of {@link RoleGroups}). The API,
 * git hosting and Flowline's pages ask it after they have authenticated the caller and before they change
 * or show anything; an unknown user has no groups and so no permission. Flowline's own engine calls run as
 * the system and are not checked here.
 */
public interface AccessControl {

  /** True when {@code userId}'s groups grant {@code permission} ({@link Permission#APPROVE}: the approvers' role). */
  boolean permits(String userId, Permission permission);

  /**
   * True when {@code userId} may answer the approval that {@code token} names in {@code pipelineName}: an
   * administrator, or a candidate of its task (candidate user, or member of a candidate group). When no
   * waiting approval has that token, the approvers' role decides, so the caller then learns the token is stale.
   */
  boolean mayApprove(String userId, String pipelineName, String token);

  /** True when {@code userId} may push to the hosted repository: administrators, editors, its pushers' group. */
  boolean mayPush(String userId, String repository);

  /** The user Camunda's authentication filter has logged in for this request (Flowline's pages); empty otherwise. */
  Optional<String> currentUser();
}

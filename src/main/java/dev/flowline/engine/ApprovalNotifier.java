package dev.flowline.engine;

import dev.flowline.actions.approval.ApprovalNotice;
import dev.flowline.actions.approval.ApprovalNotifications;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Sends an approval's SNS notification once the approval's start has committed, on a thread of its own: a slow or
 * unreachable SNS never holds the engine's transaction or its job executor, and a publish that fails changes
 * nothing in the execution (the notifications log it).
 */
@Component
class ApprovalNotifier implements DisposableBean {
  private final ApprovalNotifications notifications;
  private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
    Thread thread = new Thread(r, "flowline-approval-notifications");
    thread.setDaemon(true);
    return thread;
  });

  ApprovalNotifier(ApprovalNotifications notifications) {
    this.notifications = notifications;
  }

  void approvalStarted(ApprovalNotice notice) {
    sender.execute(() -> notifications.publish(notice));
  }

  @Override
  public void destroy() {
    sender.shutdownNow();
  }
}

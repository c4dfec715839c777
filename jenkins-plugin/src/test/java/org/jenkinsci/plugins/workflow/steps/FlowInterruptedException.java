package org.jenkinsci.plugins.workflow.steps;

/**
 * Stand-in for the exception Jenkins throws out of {@code input} when its {@code timeout} expires,
 * when someone clicks Abort, and out of {@code milestone} when a newer build has passed it: the
 * build ends ABORTED. Same name and superclass as the real one (workflow-step-api).
 */
public class FlowInterruptedException extends InterruptedException {
  private static final long serialVersionUID = 1L;

  private final String result;

  public FlowInterruptedException(String result, String cause) {
    super(cause);
    this.result = result;
  }

  public String getResult() {
    return result;
  }
}

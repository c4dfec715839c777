package dev.mlopssuite.prhost;

/**
 * What to open: a pull request from {@code sourceBranch} (the pushed promotion branch) into {@code
 * targetBranch}. {@code body} may be empty; a null body is read as empty.
 */
public record PullRequestRequest(
    String sourceBranch, String targetBranch, String title, String body) {

  public PullRequestRequest {
    requireText("sourceBranch", sourceBranch, "name the pushed promotion branch");
    requireText("targetBranch", targetBranch, "name the branch to merge into, for example main");
    requireText("title", title, "give the pull request a title");
    if (sourceBranch.equals(targetBranch)) {
      throw new IllegalArgumentException(
          "sourceBranch and targetBranch are both '"
              + sourceBranch
              + "': a pull request needs two different branches; pass the promotion branch as"
              + " the source");
    }
    body = body == null ? "" : body;
  }

  private static void requireText(String field, String value, String fix) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " is '" + value + "': " + fix);
    }
  }
}

package dev.mlopssuite.prhost;

import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;

/**
 * Every user-facing message of this module, in one place (STYLE.md habit 9): what is wrong, the
 * value, the fix. Arguments are names, hosts, branches and the host's own error text; the token is
 * never an argument. The permissions named are those the hosts' documentation gives for creating a
 * pull request (GitHub REST "Create a pull request") and a merge request (GitLab REST "Create MR");
 * docs/pull-request-hosts.md lists them.
 */
final class PullRequestText {
  static final String GITHUB_PERMISSION =
      "fine-grained token: repository permission \"Pull requests\" read and write"
          + " (pull_requests: write); classic token: the repo scope (public_repo for a public"
          + " repository); GitHub Actions GITHUB_TOKEN: permissions pull-requests: write";
  static final String GITLAB_PERMISSION =
      "the api scope on a personal, project or group access token, and at least the Developer"
          + " role in the project";

  private PullRequestText() {}

  static String tokenVariableUnset(String variable) {
    return "the environment variable "
        + variable
        + " is not set, so there is no token to open the pull request with: set it to the token"
        + " (in Jenkins, bind the credential to that name), or read the token from a file";
  }

  static String tokenFileMissing(String file) {
    return "the token file " + file + " does not exist: write the token to it, or fix the path";
  }

  static String tokenFileUnreadable(String file, Exception cause) {
    return "the token file "
        + file
        + " cannot be read ("
        + cause.getClass().getSimpleName()
        + "): make it a readable UTF-8 text file holding only the token";
  }

  static String tokenEmpty(String source) {
    return "the token from " + source + " is empty: put the token there";
  }

  static String tokenMalformed(String source, int position) {
    return "the token from "
        + source
        + " has a space or control character at position "
        + position
        + ", which a token never has and an HTTP header cannot carry: make the source hold only"
        + " the token (one trailing newline is fine)";
  }

  static String tokenRefused(String host, String tokenSource) {
    return "the token was refused (401): check it is valid and not expired (host "
        + host
        + ", token from "
        + tokenSource
        + ")";
  }

  static String githubForbidden(String host, String repository, String serviceMessage) {
    return "the token may not open pull requests on "
        + repository
        + " at "
        + host
        + " (403: "
        + serviceMessage
        + "): give it the permission GitHub requires ("
        + GITHUB_PERMISSION
        + "); its user needs write access to the repository";
  }

  static String gitlabForbidden(String host, String project, String serviceMessage) {
    return "the token may not open merge requests in project "
        + project
        + " at "
        + host
        + " (403: "
        + serviceMessage
        + "): give it "
        + GITLAB_PERMISSION;
  }

  static String notFound(String host, String repository, String serviceMessage) {
    return repository
        + " was not found at "
        + host
        + " (404: "
        + serviceMessage
        + "): check the owner and name (or project id), and that the token's user can see it;"
        + " GitHub answers 404, not 403, when the token cannot read a private repository";
  }

  static String githubRejected(
      String host, String repository, PullRequestRequest request, String serviceMessage) {
    return "GitHub refused to open a pull request from "
        + request.sourceBranch()
        + " into "
        + request.targetBranch()
        + " on "
        + repository
        + " at "
        + host
        + " (422: "
        + serviceMessage
        + "): if one is already open for this branch, review that one; if a branch does not exist,"
        + " push it or fix the name; if there are no commits between them, there is nothing to"
        + " promote";
  }

  static String gitlabConflict(
      String host, String project, PullRequestRequest request, String serviceMessage) {
    return "a merge request from "
        + request.sourceBranch()
        + " into "
        + request.targetBranch()
        + " is already open in project "
        + project
        + " at "
        + host
        + " (409: "
        + serviceMessage
        + "): review that one instead of opening another";
  }

  static String gitlabRejected(
      String host, String project, PullRequestRequest request, int status, String serviceMessage) {
    return "GitLab refused to open a merge request from "
        + request.sourceBranch()
        + " into "
        + request.targetBranch()
        + " in project "
        + project
        + " at "
        + host
        + " ("
        + status
        + ": "
        + serviceMessage
        + "): check both branches exist on the host and the title is not empty";
  }

  static String unreachable(String host, PullRequestRequest request, Throwable cause) {
    return "no answer from "
        + host
        + " while opening the pull request from "
        + request.sourceBranch()
        + " into "
        + request.targetBranch()
        + ": "
        + reason(cause)
        + ". The promotion branch "
        + request.sourceBranch()
        + " is pushed: open the pull request by hand, or retry the step (if the first request did"
        + " arrive, the retry is refused as a duplicate, so nothing is opened twice)";
  }

  static String unexpected(String host, int status, String serviceMessage) {
    return host
        + " answered "
        + status
        + " ("
        + serviceMessage
        + ") to the request to open a pull request: if it is a 5xx, retry later; otherwise check"
        + " the base URI points at the API (https://api.github.com, or https://<host>/api/v3 for"
        + " GitHub Enterprise Server; https://<host> for GitLab)";
  }

  private static String reason(Throwable cause) {
    if (cause instanceof HttpConnectTimeoutException) {
      return "no connection within the connect timeout";
    }
    if (cause instanceof HttpTimeoutException) {
      return "no answer within the request timeout";
    }
    if (cause instanceof ConnectException) {
      return "the connection was refused";
    }
    if (cause instanceof InterruptedException) {
      return "interrupted while waiting for the answer";
    }
    return "the connection was dropped ("
        + cause.getClass().getSimpleName()
        + (cause.getMessage() == null ? "" : ": " + cause.getMessage())
        + ")";
  }
}

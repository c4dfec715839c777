package dev.mlopssuite.prhost;

/**
 * An answer none of the other exceptions covers: a 5xx, a redirect, a success without the url and
 * number, or a status the host's documentation does not list for this call.
 */
public final class UnexpectedResponseException extends PullRequestException {
  private static final long serialVersionUID = 1L;
  private final String host;
  private final int status;
  private final String serviceMessage;

  UnexpectedResponseException(String host, int status, String serviceMessage) {
    super(PullRequestText.unexpected(host, status, serviceMessage), null);
    this.host = host;
    this.status = status;
    this.serviceMessage = serviceMessage;
  }

  public String host() {
    return host;
  }

  public int status() {
    return status;
  }

  public String serviceMessage() {
    return serviceMessage;
  }
}

package dev.mlopssuite.prhost;

/** The host refused the token (401): it is wrong, expired or revoked. */
public final class TokenRefusedException extends PullRequestException {
  private static final long serialVersionUID = 1L;
  private final String host;
  private final String tokenSource;

  TokenRefusedException(String host, String tokenSource) {
    super(PullRequestText.tokenRefused(host, tokenSource), null);
    this.host = host;
    this.tokenSource = tokenSource;
  }

  public String host() {
    return host;
  }

  /** Where the refused token came from (never the token). */
  public String tokenSource() {
    return tokenSource;
  }
}

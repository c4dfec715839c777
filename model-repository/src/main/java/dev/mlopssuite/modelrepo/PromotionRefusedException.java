package dev.mlopssuite.modelrepo;

/**
 * A promotion or rollback refused before anything was pushed: the verdict does not judge this run,
 * the run is experimental, the version is already promoted, an input is missing.
 */
public final class PromotionRefusedException extends ModelRepositoryException {
  private static final long serialVersionUID = 1L;

  public PromotionRefusedException(String message, String value) {
    super(message, value);
  }
}

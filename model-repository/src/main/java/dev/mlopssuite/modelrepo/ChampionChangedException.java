package dev.mlopssuite.modelrepo;

/**
 * The compare-and-swap of a promotion or rollback lost (docs/model-repository.md, "Compare and
 * swap"): CHAMPION on the served branch no longer names the version the challenger was evaluated
 * against. Its own exception, as JGit's lost ref lock is {@code ConcurrentRefUpdateException}
 * (STYLE.md habit 17), so that a caller can re-evaluate rather than retry blindly.
 */
public final class ChampionChangedException extends ModelRepositoryException {
  private static final long serialVersionUID = 1L;
  private final String expected;
  private final String actual;

  public ChampionChangedException(String model, String expected, String actual) {
    super(
        "the champion of "
            + model
            + " changed from "
            + name(expected)
            + " to "
            + name(actual)
            + " since this challenger was evaluated: re-evaluate against the new champion",
        actual);
    this.expected = expected;
    this.actual = actual;
  }

  private static String name(String version) {
    return version == null ? "none" : version;
  }

  /** The champion the challenger was evaluated against (null: none). */
  public String expected() {
    return expected;
  }

  /** The champion the served branch names now (null: none). */
  public String actual() {
    return actual;
  }
}

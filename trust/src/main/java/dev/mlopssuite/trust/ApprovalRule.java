package dev.mlopssuite.trust;

/** The rules an approval set must keep (docs/trust-chain.md, "Approvals"). No rule has a bypass. */
public enum ApprovalRule {
  /** Every role the policy requires has an approval. */
  REQUIRED_ROLE,
  /** The approver is listed as a member of the role in the policy. */
  MEMBER_OF_ROLE,
  /** One person approves once and fills one role. */
  DISTINCT_PEOPLE,
  /** The person who started the run does not approve it. */
  NOT_THE_STARTER,
  /** The approval names the sha256 of the manifest being promoted. */
  BOUND_TO_MANIFEST,
  /** The approval is not older than the policy's maximum age, nor dated in the future. */
  FRESH
}

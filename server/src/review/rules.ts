/** Policies of the review desk (ours: the manual covers only the applicant's side). */

/** Opening an item reserves it for the reviewer this long, so two reviewers cannot decide the same item. */
export const CLAIM_SECONDS = 20 * 60;

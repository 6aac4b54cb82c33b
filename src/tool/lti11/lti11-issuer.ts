/**
 * Where a learner known from LTI 1.1 lives among a member's identities. LTI 1.1 has no issuer: a
 * `user_id` is unique within one tool consumer, and the tool tells consumers apart by their
 * `oauth_consumer_key`. So a 1.1 identity is (`urn:lti11:<oauth_consumer_key>`, `user_id`): the
 * very pair an LTI 1.3 `lti1p1` claim carries, which is what lets a 1.3 launch find it again.
 * `tool_consumer_instance_guid` is not part of it: the migration claim does not carry it.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
export const LTI11_ISSUER_PREFIX = 'urn:lti11:'

/** The `member_identities` issuer of learners launched with this consumer key. */
export function lti11Issuer(consumerKey: string): string {
  return `${LTI11_ISSUER_PREFIX}${consumerKey}`
}

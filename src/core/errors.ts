/**
 * The one error hierarchy of ltikit and its code catalogue.
 *
 * Every failure the suite reports carries a stable `LTI_*` code. The code is public API and is
 * never renamed; the catalogue maps it to an HTTP status, a hint an admin can act on and the spec
 * section it enforces. `docs/errors.md` is generated from this table (`npm run docs:errors`).
 */

const SEC = 'https://www.imsglobal.org/spec/security/v1p0/'
const CORE = 'https://www.imsglobal.org/spec/lti/v1p3/'
const CERT = 'https://www.imsglobal.org/spec/lti/v1p3/cert/'
const RFC5849 = 'https://www.rfc-editor.org/rfc/rfc5849'
const LTI11_GUIDE = 'https://www.imsglobal.org/specs/ltiv1p1/implementation-guide'

export interface CatalogueEntry {
  readonly status: number
  readonly title: string
  readonly hint: string
  readonly spec?: string
}

export const ERROR_CATALOGUE = {
  // Login initiation (Security Framework §5.1.1)
  LTI_LOGIN_PARAM_MISSING: {
    status: 400,
    title: 'Login initiation parameter missing',
    hint: 'The LMS started a launch without iss, login_hint or target_link_uri. Check the tool\'s "OIDC login initiation URL" in the LMS and that the LMS is LTI 1.3 enabled.',
    spec: `${SEC}#initiating-login-from-a-third-party`,
  },
  LTI_LOGIN_PARAM_INVALID: {
    status: 400,
    title: 'Login initiation parameter invalid',
    hint: 'A login initiation parameter is too long or malformed. Check the LMS configuration of the tool.',
    spec: `${SEC}#initiating-login-from-a-third-party`,
  },
  LTI_PLATFORM_UNKNOWN: {
    status: 403,
    title: 'Unknown LMS (issuer / client ID)',
    hint: 'No connected LMS matches this issuer and client ID. Add the LMS under Integrations > LTI 1.3 with exactly the issuer and client ID the LMS shows for this tool.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_CLIENT_AMBIGUOUS: {
    status: 400,
    title: 'Several client IDs match this issuer',
    hint: 'The LMS did not send client_id and the issuer has several connections. Make the LMS send client_id, or register each deployment ID on only one connection.',
    spec: `${CORE}#client_id-login-parameter`,
  },
  LTI_TARGET_LINK_URI_INVALID: {
    status: 400,
    title: 'Target link URI is not this tool',
    hint: "The LMS asked to launch a URL that does not belong to this tool's workspace. Set the tool's target link URI in the LMS to the launch URL shown on the LTI settings page.",
    spec: `${SEC}#initiating-login-from-a-third-party`,
  },

  // Authentication response (Security Framework §5.1.3)
  LTI_LAUNCH_METHOD_INVALID: {
    status: 405,
    title: 'Launch must be a form POST',
    hint: 'The launch URL received something other than a form POST. The LMS must use response_mode=form_post; check that the redirect URI configured in the LMS is the launch URL.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_ID_TOKEN_MISSING: {
    status: 400,
    title: 'No id_token in the launch',
    hint: 'The launch POST had no id_token. If the LMS reported an error (error=...), fix what it names; otherwise check the redirect URI in the LMS.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_PLATFORM_ERROR_RESPONSE: {
    status: 400,
    title: 'The LMS refused the login',
    hint: 'The LMS answered the authentication request with an error (for example login_required or invalid_request). Check that the learner is signed in to the LMS and that the redirect URI registered in the LMS matches the launch URL.',
    spec: `${SEC}#authentication-error-response`,
  },
  LTI_JWT_MALFORMED: {
    status: 401,
    title: 'Not an LTI 1.3 JWT',
    hint: 'The id_token is not a compact signed JWT. The sender is not an LTI 1.3 platform, or the token was damaged on the way.',
    spec: `${CERT}#known-bad-payloads`,
  },
  LTI_JWT_ALG_UNSUPPORTED: {
    status: 401,
    title: 'Signature algorithm refused',
    hint: 'The token is not signed with RS256 (RS384 and RS512 are also accepted). Unsigned (alg none) and HMAC tokens are always refused.',
    spec: `${SEC}#message-security-and-message-signing`,
  },
  LTI_JWT_KID_MISSING: {
    status: 401,
    title: 'Token header has no kid',
    hint: 'The platform must name its signing key with a kid header. Contact the LMS vendor; no tool setting can fix this.',
    spec: `${SEC}#message-security-and-message-signing`,
  },
  LTI_JWT_KID_UNKNOWN: {
    status: 401,
    title: 'Signing key not in the LMS key set',
    hint: "The token's kid is not in the LMS's public keyset, even after refetching it. Check the public keyset URL configured for this LMS.",
    spec: `${SEC}#platform-originating-messages`,
  },
  LTI_JWT_SIGNATURE_INVALID: {
    status: 401,
    title: 'Signature does not verify',
    hint: "The token's signature does not match the LMS's published key. Check the public keyset URL configured for this LMS; a forged or altered token also ends here.",
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_CLAIM_MISSING: {
    status: 401,
    title: 'Required claim missing',
    hint: 'The id_token lacks a claim that LTI 1.3 requires (named in the log entry). The LMS is not sending a complete launch; contact its vendor.',
    spec: `${CORE}#required-message-claims`,
  },
  LTI_CLAIM_INVALID: {
    status: 401,
    title: 'Claim has the wrong form',
    hint: 'A claim in the id_token has the wrong type or is out of bounds (named in the log entry). Contact the LMS vendor.',
    spec: `${CORE}#required-message-claims`,
  },
  LTI_AUDIENCE_INVALID: {
    status: 401,
    title: 'Token is for another client',
    hint: "The token's aud (and azp when aud has several values) does not name the client ID of this connection. Check the client ID configured for this LMS.",
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_TOKEN_EXPIRED: {
    status: 401,
    title: 'Token expired',
    hint: "The id_token's exp is in the past. Check that the LMS's and the tool's clocks are right; a slow browser or a replayed launch also ends here.",
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_TOKEN_ISSUED_IN_FUTURE: {
    status: 401,
    title: 'Token issued in the future',
    hint: "The id_token's iat is later than the tool's clock allows. Check the clocks of the LMS and the tool (NTP), or raise LTIKIT_CLOCK_SKEW_SECONDS a little.",
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_NONCE_MISSING: {
    status: 401,
    title: 'Token has no nonce',
    hint: 'The id_token has no nonce claim. The LMS must echo the nonce sent in the authentication request.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_NONCE_MISMATCH: {
    status: 401,
    title: 'Nonce does not match the login',
    hint: 'The id_token carries a nonce other than the one issued for this login. The launch was altered or mixed up with another one; ask the learner to launch again.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_NONCE_REPLAYED: {
    status: 401,
    title: 'Launch already used',
    hint: 'This id_token (or its state) was already used. Launches are single-use: a browser back/refresh or a replay attack ends here. Ask the learner to launch again from the LMS.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_STATE_MISSING: {
    status: 400,
    title: 'State missing',
    hint: 'The launch POST had no state parameter. The LMS must return the state the tool sent in the authentication request.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_STATE_UNKNOWN: {
    status: 401,
    title: 'Login not found or expired',
    hint: 'The state of this launch was never issued here or has expired (logins are valid for a few minutes). Ask the learner to launch again; if it persists, check that all tool instances share one database.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_STATE_MISMATCH: {
    status: 401,
    title: 'State does not belong to this browser',
    hint: 'The state posted back is not the one this browser received at login. The launch was started in another browser or tab, or it is a forged launch.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_STATE_COOKIE_MISSING: {
    status: 401,
    title: 'Browser blocked the login cookie',
    hint: 'The browser did not send back the login cookie, usually because it blocks third-party cookies in the LMS iframe. Configure the activity to open in a new window, or allow cookies for the tool.',
    spec: `${SEC}#authentication-response-validation`,
  },
  LTI_VERSION_MISSING: {
    status: 401,
    title: 'LTI version claim missing',
    hint: 'The id_token has no https://purl.imsglobal.org/spec/lti/claim/version claim. The sender is not an LTI 1.3 platform.',
    spec: `${CERT}#known-bad-payloads`,
  },
  LTI_VERSION_UNSUPPORTED: {
    status: 401,
    title: 'Wrong LTI version',
    hint: 'The launch is not LTI version 1.3.0. Configure the tool in the LMS as an LTI 1.3 (Advantage) tool.',
    spec: `${CORE}#lti-version-claim`,
  },
  LTI_MESSAGE_TYPE_MISSING: {
    status: 401,
    title: 'Message type missing',
    hint: 'The id_token has no message_type claim. Contact the LMS vendor.',
    spec: `${CORE}#message-type-claim`,
  },
  LTI_MESSAGE_TYPE_UNSUPPORTED: {
    status: 400,
    title: 'Message type not supported',
    hint: 'The LMS sent a message type this tool does not handle at this URL. Check the placement configured in the LMS.',
    spec: `${CORE}#message-type-claim`,
  },
  LTI_DEPLOYMENT_ID_MISSING: {
    status: 401,
    title: 'Deployment ID missing',
    hint: 'The id_token has no deployment_id claim. Contact the LMS vendor.',
    spec: `${CORE}#lti-deployment-id-claim`,
  },
  LTI_DEPLOYMENT_UNKNOWN: {
    status: 403,
    title: 'Deployment not registered',
    hint: "The LMS launched with a deployment ID that is not registered on this connection. Course copies and re-installs create new deployment IDs: add this one (shown in the launch log) to the connection's deployment IDs.",
    spec: `${CORE}#lti-deployment-id-claim`,
  },
  LTI_RESOURCE_LINK_ID_MISSING: {
    status: 401,
    title: 'Resource link ID missing',
    hint: 'A resource link launch must carry resource_link.id. Contact the LMS vendor.',
    spec: `${CORE}#resource-link-claim`,
  },
  LTI_SUB_MISSING: {
    status: 401,
    title: 'User ID (sub) missing',
    hint: 'A resource link launch must identify the user with a non-empty sub claim. Anonymous launches are not supported.',
    spec: `${CORE}#user-identity-claims`,
  },
  LTI_ROLES_MISSING: {
    status: 401,
    title: 'Roles claim missing',
    hint: 'The id_token has no roles claim (an empty list is fine). Contact the LMS vendor.',
    spec: `${CORE}#roles-claim`,
  },
  LTI_TARGET_LINK_URI_MISMATCH: {
    status: 401,
    title: 'Launched URL differs from the login',
    hint: 'The target_link_uri in the id_token differs from the one the LMS asked for at login. Check the target link URI configured for the activity.',
    spec: `${CORE}#target-link-uri`,
  },

  // Platform side: authentication request (Security Framework §5.1.1.3)
  LTI_AUTH_REQUEST_INVALID: {
    status: 400,
    title: 'Authentication request invalid',
    hint: "The tool sent an authentication request without the required OIDC parameters (scope=openid, response_type=id_token, response_mode=form_post, prompt=none, nonce). Check the tool's LTI 1.3 support.",
    spec: `${SEC}#step-2-authentication-request`,
  },
  LTI_REDIRECT_URI_INVALID: {
    status: 400,
    title: 'Redirect URI not registered',
    hint: "The tool asked to receive the launch at a redirect URI that is not registered for it. Add the URI to the tool's redirect URIs, or fix the tool's configuration.",
    spec: `${SEC}#step-2-authentication-request`,
  },
  LTI_LOGIN_HINT_INVALID: {
    status: 403,
    title: 'Login hint does not match the signed-in user',
    hint: 'The launch was started for another user than the one signed in to the platform. Sign in again and relaunch.',
    spec: `${SEC}#step-2-authentication-request`,
  },
  LTI_MESSAGE_HINT_INVALID: {
    status: 403,
    title: 'Message hint invalid or expired',
    hint: 'The lti_message_hint of the launch was altered or has expired. Relaunch the activity.',
    spec: `${CORE}#lti_message_hint-login-parameter`,
  },

  // OAuth 2 client credentials (Security Framework §4.1, RFC 7523)
  LTI_CLIENT_ASSERTION_INVALID: {
    status: 401,
    title: 'Client assertion invalid',
    hint: "The tool's signed client assertion failed validation (signature, iss/sub, aud, exp). Check the tool's keyset URL and that it uses the platform's access token URL as audience.",
    spec: `${SEC}#using-json-web-tokens-with-oauth-2-0-client-credentials-grant`,
  },
  LTI_CLIENT_ASSERTION_REPLAYED: {
    status: 401,
    title: 'Client assertion already used',
    hint: "The client assertion's jti was used before. Each token request needs a fresh assertion; a replay attack also ends here.",
    spec: `${SEC}#using-json-web-tokens-with-oauth-2-0-client-credentials-grant`,
  },
  LTI_TOKEN_RESPONSE_INVALID: {
    status: 502,
    title: 'Token endpoint answered badly',
    hint: "The platform's access token URL did not answer with an access token. Check the access token URL configured for this LMS and the scopes it grants the tool.",
    spec: `${SEC}#using-json-web-tokens-with-oauth-2-0-client-credentials-grant`,
  },

  LTI_SCOPE_INVALID: {
    status: 400,
    title: 'Requested scope not allowed',
    hint: 'The tool asked for a service scope it is not allowed to use, or sent a malformed scope. Enable the service (AGS, NRPS) for the tool in the platform, or make the tool request only the scopes it was granted.',
    spec: `${SEC}#using-json-web-tokens-with-oauth-2-0-client-credentials-grant`,
  },
  LTI_TOKEN_REQUEST_FAILED: {
    status: 502,
    title: 'Access token request refused',
    hint: "The LMS's access token URL refused the tool's token request (the answer's OAuth error is in the log). Check the client ID, the tool's public keyset URL registered in the LMS, and the services enabled for the tool.",
    spec: `${SEC}#using-json-web-tokens-with-oauth-2-0-client-credentials-grant`,
  },

  // Platform side: LTI Advantage service calls (AGS 2.0, NRPS 2.0, Security Framework §4.1)
  LTI_ACCESS_TOKEN_MISSING: {
    status: 401,
    title: 'Access token missing',
    hint: 'A service call came without "Authorization: Bearer <access token>". The tool must first get a token from the access token URL.',
    spec: `${SEC}#using-oauth-2-0-client-credentials-grant`,
  },
  LTI_ACCESS_TOKEN_INVALID: {
    status: 401,
    title: 'Access token invalid or expired',
    hint: 'The bearer token of a service call is unknown, altered or expired (tokens last one hour). The tool should request a new token and retry.',
    spec: `${SEC}#using-oauth-2-0-client-credentials-grant`,
  },
  LTI_SCOPE_INSUFFICIENT: {
    status: 403,
    title: 'Access token lacks the scope',
    hint: 'The access token does not carry the scope this service call needs (for example .../scope/score to post scores). Request a token with that scope; the tool must be allowed to use the service.',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-scopes-and-allowed-http-methods',
  },
  LTI_MEDIA_TYPE_UNSUPPORTED: {
    status: 415,
    title: 'Wrong Content-Type',
    hint: 'The service call sent a body with a media type this endpoint does not take (scores need application/vnd.ims.lis.v1.score+json, line items application/vnd.ims.lis.v2.lineitem+json).',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#media-types-and-schemas',
  },
  LTI_NOT_ACCEPTABLE: {
    status: 406,
    title: 'Accept header not satisfiable',
    hint: "The service call's Accept header names no media type this endpoint can answer with. Accept the service's media type (or */*).",
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#media-types-and-schemas',
  },
  LTI_METHOD_NOT_ALLOWED: {
    status: 405,
    title: 'HTTP method not allowed here',
    hint: 'The service URL does not take this HTTP method (the Allow header lists those it takes). Scores are POSTed to .../scores, results are read with GET .../results.',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-scopes-and-allowed-http-methods',
  },
  LTI_LINE_ITEM_INVALID: {
    status: 400,
    title: 'Line item invalid',
    hint: 'A line item needs a non-empty label and a scoreMaximum above 0; resourceLinkId must name a resource link of this course. The error names the field.',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service',
  },
  LTI_LINE_ITEM_NOT_FOUND: {
    status: 404,
    title: 'Line item not found',
    hint: 'No line item of this course and tool has this URL. It may have been deleted; the tool should look it up again in the line items container.',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service',
  },
  LTI_SCORE_INVALID: {
    status: 400,
    title: 'Score invalid',
    hint: "A score needs userId, timestamp, activityProgress and gradingProgress from the spec's values; scoreGiven must be a number from 0 with a positive scoreMaximum (the tool API takes scores from 0 to 100). The error names the field.",
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service',
  },
  LTI_SCORE_STALE: {
    status: 409,
    title: 'Score older than the stored one',
    hint: "The score's timestamp is older than (or equal to) the one already stored for this learner and line item, so it was not applied. Send scores with the time they were produced.",
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#timestamp',
  },
  LTI_USER_NOT_IN_CONTEXT: {
    status: 422,
    title: 'User not in the course',
    hint: "The score names a userId that is not enrolled in the line item's course. Check that the learner is still enrolled.",
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#userid',
  },
  LTI_SERVICE_NOT_ENABLED: {
    status: 403,
    title: 'Service not enabled for this tool',
    hint: "The tool called or launched a service (deep linking, AGS, NRPS) that is not enabled in its registration. Enable it under the tool's services.",
  },

  // Platform side: deep linking response (Deep Linking 2.0 §4.5)
  LTI_DEEP_LINKING_RESPONSE_INVALID: {
    status: 400,
    title: 'Deep linking response invalid',
    hint: "The tool's LtiDeepLinkingResponse failed validation (iss must be the client ID, aud the platform issuer, deployment_id registered, data echoed unchanged). The error names the claim.",
    spec: 'https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message',
  },
  LTI_CONTENT_ITEM_INVALID: {
    status: 400,
    title: 'Content item invalid',
    hint: 'A content item returned by deep linking has an unknown type, a type the request did not accept, or lacks a required property (url for link/file/image, html for html). The error names the item.',
    spec: 'https://www.imsglobal.org/spec/lti-dl/v2p0/#content-item-types',
  },
  LTI_DEEP_LINKING_NOT_ALLOWED: {
    status: 403,
    title: 'Picking content from this tool is not allowed',
    hint: "Deep linking (adding content from a tool) is open to the course's instructors, teaching assistants and administrators, and only for tools whose registration has deep linking enabled (services.deepLinking).",
    spec: 'https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message',
  },

  // Platform side: people, courses and sign-in
  LTI_SIGN_IN_REQUIRED: {
    status: 401,
    title: 'Sign in first',
    hint: 'This page needs a signed-in user. Sign in and open it again.',
  },
  LTI_SIGN_IN_FAILED: {
    status: 401,
    title: 'Email or password wrong',
    hint: 'No user has this email and password. Check both; an admin can reset the password.',
  },
  LTI_NOT_ENROLLED: {
    status: 403,
    title: 'Not enrolled in this course',
    hint: 'The signed-in user is not enrolled in the course of this activity. An admin can add the enrollment.',
  },
  LTI_USER_NOT_FOUND: {
    status: 404,
    title: 'User not found',
    hint: 'No user has this ID. List the users with the admin API, or create the user first (POST /api/users).',
  },
  LTI_USER_DUPLICATE: {
    status: 409,
    title: 'Email already used',
    hint: 'Another user already has this email address. Use that user, or choose another address.',
  },
  LTI_CONTEXT_NOT_FOUND: {
    status: 404,
    title: 'Course not found',
    hint: 'No course has this ID. Check the course ID in the URL or the request; GET /api/courses lists them.',
  },
  LTI_TOOL_NOT_FOUND: {
    status: 404,
    title: 'Tool not found',
    hint: 'No registered tool has this ID or client ID. Register the tool first.',
  },
  LTI_TOOL_PENDING_APPROVAL: {
    status: 403,
    title: 'Tool waiting for approval',
    hint: 'This tool registered itself and waits for an admin to approve it (LTIKIT_PLATFORM_TOOL_APPROVAL=manual). Until then it cannot be launched nor get access tokens. Check the tool in GET /api/tools and approve it with POST /api/tools/{id}/approve.',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#tool-registration',
  },
  LTI_TOOL_DISABLED: {
    status: 403,
    title: 'Tool disabled',
    hint: 'An admin of this LMS disabled the tool: its activities cannot be launched, it cannot be asked for content (deep linking), and it gets no access tokens for grades or rosters. Enable it again on the admin Tools page or with POST /api/tools/{id}/enable (an LTI 1.1 tool: on the LTI 1.1 tools page or with POST /api/lti11-tools/{id}/enable).',
    spec: `${CORE}#tool-deployment`,
  },
  LTI_RESOURCE_LINK_NOT_FOUND: {
    status: 404,
    title: 'Activity not found',
    hint: 'No activity (resource link) of this course has this ID. It may have been removed.',
  },

  // Tool side: attempts, grade passback (AGS) and rosters (NRPS)
  LTI_ATTEMPT_NOT_FOUND: {
    status: 404,
    title: 'Attempt not found',
    hint: 'No attempt of this workspace has this ID. List attempts with GET /api/workspaces/{ws}/attempts.',
  },
  LTI_AGS_NOT_AVAILABLE: {
    status: 409,
    title: 'No grade passback for this attempt',
    hint: 'The launch of this attempt carried no AGS claim, or the activity has no line item, so there is nowhere to post its score. Enable grades for the activity in the LMS.',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-claim',
  },
  LTI_AGS_SCOPE_FORBIDDEN: {
    status: 502,
    title: 'LMS refused the grade service scope',
    hint: 'The LMS answered 403: the tool is not allowed to post scores or manage line items there. Enable the Assignment and Grade Services for the tool in the LMS, then retry the passback.',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#assignment-and-grade-service-scopes-and-allowed-http-methods',
  },
  LTI_AGS_LINE_ITEM_GONE: {
    status: 502,
    title: 'Gradebook column gone',
    hint: 'The LMS answered 404 for the line item: the gradebook column was deleted. Relaunch the activity from the LMS (which creates or names a new one), then retry the passback.',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service',
  },
  LTI_AGS_LEARNER_NOT_IN_COURSE: {
    status: 502,
    title: 'Learner no longer in the course',
    hint: 'The LMS refused the score because the learner is not (or no longer) enrolled in the course. Re-enroll the learner in the LMS, then retry the passback.',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#userid',
  },
  LTI_AGS_LINE_ITEM_UNAVAILABLE: {
    status: 502,
    title: 'No gradebook column for this activity',
    hint: 'The launch named no line item, none in the course matches the resource link, and the tool may not create one (no lineitem scope). Add a grade column for the activity in the LMS or grant the tool the line item scope.',
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#line-item-service',
  },
  LTI_AGS_REQUEST_FAILED: {
    status: 502,
    title: 'LMS grade service failed',
    hint: "The LMS's grade service kept failing (timeouts, 5xx or 429) until the retry limit, or answered in a way the tool cannot use. The LMS's answer is shown with the attempt; retry the passback once the LMS is back.",
    spec: 'https://www.imsglobal.org/spec/lti-ags/v2p0/#score-publish-service',
  },
  LTI_NRPS_NOT_AVAILABLE: {
    status: 404,
    title: 'No roster service for this course',
    hint: 'No launch from this course carried the Names and Role Provisioning claim, so the tool has no roster URL. Enable NRPS for the tool in the LMS and launch once from the course.',
    spec: 'https://www.imsglobal.org/spec/lti-nrps/v2p0/#lti-1-3-integration',
  },
  LTI_NRPS_REQUEST_FAILED: {
    status: 502,
    title: 'LMS roster service failed',
    hint: "The LMS's membership service failed or answered with something that is not a membership container. Check that NRPS is enabled for the tool in the LMS.",
    spec: 'https://www.imsglobal.org/spec/lti-nrps/v2p0/#membership-container-media-type',
  },
  LTI_DEEP_LINKING_PICKER_FORBIDDEN: {
    status: 403,
    title: 'Only instructors can add scenarios',
    hint: 'The content picker opens for instructors, content developers and administrators of the course; a learner launch cannot reach it.',
    spec: 'https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-request-message',
  },
  LTI_DEEP_LINKING_TYPES_UNSUPPORTED: {
    status: 400,
    title: 'This placement cannot add scenarios',
    hint: "The LMS's deep linking request does not accept LTI resource links (accept_types lacks ltiResourceLink), the only content this tool returns. Add the tool from a placement that creates activities (assignment, module or course item), not one that only takes links, files or images.",
    spec: 'https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-settings',
  },
  LTI_DEEP_LINKING_SELECTION_INVALID: {
    status: 401,
    title: 'Scenario picker expired or already used',
    hint: 'The scenario picker form was altered, has expired, was already submitted, or belongs to another course. Open the picker again from the LMS.',
    spec: 'https://www.imsglobal.org/spec/lti-dl/v2p0/#deep-linking-response-message',
  },
  LTI_SUBMISSION_REVIEW_FORBIDDEN: {
    status: 403,
    title: "Only instructors can review a learner's attempt",
    hint: "A submission review launch opens a learner's attempt for the course's instructors, teaching assistants and administrators; the launching user has none of these roles.",
    spec: 'https://www.imsglobal.org/spec/lti-sr/v1p0/',
  },

  // Keys and remote key sets
  LTI_JWKS_FETCH_FAILED: {
    status: 502,
    title: "Could not fetch the LMS's public keyset",
    hint: "The tool could not download the LMS's public keyset (timeout, network error or HTTP error). Check the public keyset URL configured for this LMS and that it is reachable from the tool.",
    spec: `${SEC}#h_key-set-url`,
  },
  LTI_JWKS_INVALID: {
    status: 502,
    title: "LMS's public keyset is invalid",
    hint: 'The public keyset URL answered with something that is not a JSON Web Key Set, or it is larger than allowed. Check the URL configured for this LMS.',
    spec: `${SEC}#h_key-set-url`,
  },
  LTI_URL_INSECURE: {
    status: 400,
    title: 'URL must use HTTPS',
    hint: 'Outside dev mode every configured URL must be https://. Use the HTTPS address, or run with LTIKIT_DEV=1 on loopback for local testing.',
    spec: `${SEC}#transport-security`,
  },
  LTI_URL_FORBIDDEN_ADDRESS: {
    status: 400,
    title: 'URL points to a private address',
    hint: 'The tool refuses to fetch URLs on private, loopback or link-local addresses (server-side request forgery protection). Use the public address of the LMS.',
  },
  LTI_KEY_UNAVAILABLE: {
    status: 500,
    title: 'No signing key',
    hint: 'The workspace has no usable signing key, or it cannot be decrypted. Check that LTIKIT_ENCRYPTION_KEY is the key the keys were stored with.',
  },

  // Dynamic Registration 1.0, tool side
  LTI_REGISTRATION_URL_INVALID: {
    status: 400,
    title: 'Registration URL is not valid',
    hint: 'The registration URL was altered, cut short or belongs to another workspace. Generate a new registration URL for this workspace and paste it into the LMS unchanged.',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#overview',
  },
  LTI_REGISTRATION_URL_EXPIRED: {
    status: 410,
    title: 'Registration URL has expired',
    hint: 'Registration URLs are valid for one hour. Generate a new one for this workspace and paste it into the LMS.',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#overview',
  },
  LTI_REGISTRATION_URL_USED: {
    status: 410,
    title: 'Registration URL was already used',
    hint: 'Each registration URL works once. If the LMS is not connected yet, generate a new registration URL for this workspace and start the registration again in the LMS.',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#overview',
  },
  LTI_REGISTRATION_REQUEST_INVALID: {
    status: 400,
    title: 'Registration request invalid',
    hint: 'The LMS opened the registration URL without a valid openid_configuration parameter, or the confirmation form was altered or has expired. Start the registration again from the LMS.',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#overview',
  },
  LTI_OPENID_CONFIGURATION_FETCH_FAILED: {
    status: 502,
    title: "Could not fetch the LMS's OpenID configuration",
    hint: "The tool could not download the LMS's OpenID configuration (timeout, network error or HTTP error). Check that the LMS is reachable from the tool over HTTPS and start the registration again.",
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#openid-configuration',
  },
  LTI_OPENID_CONFIGURATION_INVALID: {
    status: 502,
    title: "LMS's OpenID configuration is invalid",
    hint: "The LMS's OpenID configuration is not JSON, is larger than allowed, lacks a required endpoint or the LTI platform configuration, or does not support what this tool needs (id_token, RS256, private_key_jwt). Check the LMS's LTI 1.3 dynamic registration support, or connect the LMS manually.",
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#openid-configuration',
  },
  LTI_OPENID_ISSUER_MISMATCH: {
    status: 502,
    title: "LMS's issuer does not match its configuration URL",
    hint: "The issuer in the OpenID configuration must be the beginning of the URL the configuration was fetched from. The LMS is misconfigured (for example its site URL setting) or the configuration URL is not the LMS's own; fix the LMS setting or connect it manually.",
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#issuer-and-openid-configuration-url-match',
  },
  LTI_REGISTRATION_REQUEST_FAILED: {
    status: 502,
    title: "Could not reach the LMS's registration endpoint",
    hint: 'Sending the registration to the LMS failed (timeout or network error). The LMS may or may not have created the tool; check its tool list, remove a half-registered entry there, then generate a new registration URL and try again.',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration',
  },
  LTI_REGISTRATION_REFUSED: {
    status: 502,
    title: 'The LMS refused the registration',
    hint: "The LMS's registration endpoint answered with an error (its reason is in the log under this correlation ID). Common causes: the registration token expired or was used, or the LMS does not accept a requested scope or message. Start the registration again from the LMS.",
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration',
  },
  LTI_REGISTRATION_RESPONSE_INVALID: {
    status: 502,
    title: "LMS's registration response is invalid",
    hint: 'The LMS accepted the registration but its answer has no client_id, is not JSON or is larger than allowed. Check the tool list in the LMS and connect the LMS manually with the client ID and deployment ID it shows.',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#successful-registration',
  },

  // Dynamic Registration 1.0, platform side
  LTI_REGISTRATION_TOKEN_INVALID: {
    status: 401,
    title: 'Registration token missing or invalid',
    hint: 'The tool called the registration endpoint without the registration_token the platform opened its registration URL with, or with an altered one. Start the registration again from the platform; the tool must send the token as "Authorization: Bearer <registration_token>".',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#registration-request',
  },
  LTI_REGISTRATION_TOKEN_EXPIRED: {
    status: 401,
    title: 'Registration token has expired',
    hint: 'Registration tokens are valid for one hour. Start the registration again from the platform and finish it within the hour.',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#registration-request',
  },
  LTI_REGISTRATION_TOKEN_USED: {
    status: 401,
    title: 'Registration token was already used',
    hint: 'Each registration token registers one tool. The tool is probably registered already (check the tool list); otherwise start the registration again from the platform.',
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#registration-request',
  },
  LTI_CLIENT_METADATA_INVALID: {
    status: 400,
    title: "Tool's registration request is invalid",
    hint: "The tool's client registration lacks a required field or asks for something this platform does not do (application_type web, response_types id_token, grant_types implicit and client_credentials, token_endpoint_auth_method private_key_jwt, the LTI tool configuration). The field is named in the error; ask the tool's vendor to fix its registration.",
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#tool-configuration',
  },
  LTI_CLIENT_REDIRECT_URI_INVALID: {
    status: 400,
    title: "Tool's redirect or login URL is not allowed",
    hint: "Every redirect URI, the login initiation URL and the target link URI must be HTTPS (outside dev mode) and on the domain the tool declares in its LTI configuration. Ask the tool's vendor to register URLs on its declared domain.",
    spec: 'https://www.imsglobal.org/spec/lti-dr/v1p0#lti-configuration-0',
  },

  // LTI 1.1 (OAuth 1.0a signed launches and Basic Outcomes) and the 1.1 -> 1.3 migration
  LTI11_OAUTH_HEADER_INVALID: {
    status: 400,
    title: 'Malformed OAuth 1.0a Authorization header',
    hint: 'The Authorization header is not a well-formed "OAuth" header (name="value" pairs of oauth_* parameters, separated by commas). Check the outcomes client of the LTI 1.1 tool; it must sign with an OAuth 1.0a library.',
    spec: `${RFC5849}#section-3.5.1`,
  },
  LTI11_OAUTH_PARAMETER_MISSING: {
    status: 400,
    title: 'OAuth 1.0a parameter missing',
    hint: 'The LTI 1.1 request lacks a required OAuth parameter (oauth_consumer_key, oauth_signature_method, oauth_timestamp, oauth_nonce, oauth_signature, or oauth_body_hash for an XML body). The sender is not signing its requests; check its LTI 1.1 configuration.',
    spec: `${RFC5849}#section-3.1`,
  },
  LTI11_OAUTH_PARAMETER_INVALID: {
    status: 400,
    title: 'OAuth 1.0a parameter invalid',
    hint: 'An OAuth parameter is empty, repeated, too long or malformed (for example oauth_version other than 1.0, or a timestamp that is not a number of seconds). Check the LTI 1.1 client that sent the request.',
    spec: `${RFC5849}#section-3.1`,
  },
  LTI11_SIGNATURE_METHOD_UNSUPPORTED: {
    status: 400,
    title: 'OAuth signature method not supported',
    hint: 'LTI 1.1 requests must be signed with HMAC-SHA1. Set the signature method of the LTI 1.1 tool or LMS to HMAC-SHA1.',
    spec: LTI11_GUIDE,
  },
  LTI11_TIMESTAMP_STALE: {
    status: 401,
    title: 'OAuth timestamp too old or in the future',
    hint: "The oauth_timestamp is more than the allowed leeway (five minutes by default) away from this server's clock. Check that the clocks of the LMS and the tool are synchronised (NTP), and that the launch form was not resubmitted later.",
    spec: `${RFC5849}#section-3.3`,
  },
  LTI11_CONSUMER_UNKNOWN: {
    status: 401,
    title: 'Unknown LTI 1.1 consumer key',
    hint: 'No LTI 1.1 configuration matches this oauth_consumer_key. Check that the consumer key entered in the LMS (or the tool) is exactly the one configured here, with no extra spaces.',
    spec: LTI11_GUIDE,
  },
  LTI11_SIGNATURE_INVALID: {
    status: 401,
    title: 'OAuth signature does not verify',
    hint: 'The request was signed with another shared secret, or its URL or parameters were changed on the way. Check that both sides hold the same shared secret, and that a proxy in front of the server forwards the original scheme, host and port (the signature covers the URL).',
    spec: `${RFC5849}#section-3.4.2`,
  },
  LTI11_NONCE_REPLAYED: {
    status: 401,
    title: 'OAuth nonce already used',
    hint: 'This signed request (its oauth_nonce) was already received. LTI 1.1 requests are single-use: a browser back/refresh or a replayed request ends here. Launch again from the LMS.',
    spec: `${RFC5849}#section-3.3`,
  },
  LTI11_BODY_HASH_INVALID: {
    status: 401,
    title: 'OAuth body hash does not match the body',
    hint: 'The oauth_body_hash does not match the XML body received: the body was changed after signing (by the client or a proxy). Check that nothing rewrites the request body on the way.',
    spec: 'https://oauth.googlecode.com/svn/spec/ext/body_hash/1.0/oauth-bodyhash.html',
  },
  LTI11_POX_MALFORMED: {
    status: 400,
    title: 'Basic Outcomes XML is malformed',
    hint: "The Basic Outcomes request is not a well-formed imsx_POXEnvelopeRequest (missing header, message identifier or sourcedId), or it is too large or declares a DOCTYPE. Check the LTI 1.1 tool's outcomes client.",
    spec: LTI11_GUIDE,
  },
  LTI11_POX_SCORE_INVALID: {
    status: 400,
    title: 'Basic Outcomes score out of range',
    hint: 'A replaceResult score must be a decimal number from 0.0 to 1.0 (for example 0.85). Check how the LTI 1.1 tool scales its grades before sending them.',
    spec: LTI11_GUIDE,
  },
  LTI11_POX_UNSUPPORTED: {
    status: 501,
    title: 'Basic Outcomes operation not supported',
    hint: 'The tool asked for an outcomes operation other than replaceResult, readResult or deleteResult. LTI 1.1 Basic Outcomes supports only these three; the others belong to extensions this platform does not offer.',
    spec: LTI11_GUIDE,
  },

  // LTI 1.1 launches into the tool, and the tool side of the 1.1 -> 1.3 migration
  LTI11_LAUNCH_PARAMETER_MISSING: {
    status: 400,
    title: 'LTI 1.1 launch parameter missing',
    hint: 'The LTI 1.1 launch lacks lti_message_type, lti_version, resource_link_id or user_id. Check that the LMS sends a basic launch (not a content-item or registration request) and that its privacy settings do not withhold the user ID.',
    spec: LTI11_GUIDE,
  },
  LTI11_LAUNCH_PARAMETER_INVALID: {
    status: 400,
    title: 'LTI 1.1 launch parameter invalid',
    hint: 'The LTI 1.1 launch is not a basic-lti-launch-request with lti_version LTI-1p0, or a parameter is too long. Configure the activity in the LMS as an LTI 1.1 basic launch of the launch URL shown for the workspace.',
    spec: LTI11_GUIDE,
  },
  LTI11_MIGRATION_CLAIM_INVALID: {
    status: 401,
    title: 'LTI 1.1 migration claim does not verify',
    hint: 'A 1.3 launch carried an lti1p1 claim whose oauth_consumer_key_sign does not verify with the shared secret stored for its consumer key, so its 1.1 user ID was ignored and the learner got a member of their own. Check that the consumer key and secret stored under "Former LTI 1.1 connection" are the ones the LMS used for LTI 1.1.',
    spec: 'https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim',
  },
  LTI11_CONSUMER_NOT_FOUND: {
    status: 404,
    title: 'LTI 1.1 consumer not found',
    hint: 'No LTI 1.1 consumer key with this ID is stored in the workspace. It may have been removed already; list the consumers to find its ID.',
  },
  LTI11_CONSUMER_DUPLICATE: {
    status: 409,
    title: 'LTI 1.1 consumer key already stored',
    hint: 'This workspace already holds this LTI 1.1 consumer key. Remove the stored one first to replace its secret, or link it to another LMS with PUT.',
  },
  LTI11_TOOL_NOT_FOUND: {
    status: 404,
    title: 'LTI 1.1 tool not found',
    hint: 'No LTI 1.1 tool registered on this platform has this ID. GET /api/lti11-tools lists them; register the tool first with POST /api/lti11-tools.',
    spec: LTI11_GUIDE,
  },
  LTI11_TOOL_DUPLICATE: {
    status: 409,
    title: 'LTI 1.1 consumer key already registered',
    hint: 'Another LTI 1.1 tool on this platform already uses this consumer key, and a key must name one tool so that its signed grade requests can be verified. Use the existing registration, or give this tool its own consumer key (the same one on the tool side).',
    spec: LTI11_GUIDE,
  },
  LTI11_RESULT_SOURCEDID_INVALID: {
    status: 400,
    title: 'Unknown lis_result_sourcedid',
    hint: 'The LTI 1.1 tool sent a grade for a lis_result_sourcedid this platform did not issue to it: altered, from another LMS, or for an activity of another tool. The tool must send back the lis_result_sourcedid of the launch exactly, with the consumer key it was launched with.',
    spec: LTI11_GUIDE,
  },

  // Tool product
  LTI_SCENARIO_UNKNOWN: {
    status: 404,
    title: 'Scenario not found',
    hint: 'The activity\'s custom parameter scenario_id names no scenario in this workspace. Copy the scenario_id from the scenario page ("LTI custom property") into the LMS activity.',
  },
  LTI_SESSION_INVALID: {
    status: 401,
    title: 'Session expired or invalid',
    hint: 'The learner session is missing, expired or altered. Launch the activity again from the LMS.',
  },
  LTI_SCENARIO_SCRIPT_INVALID: {
    status: 400,
    title: 'Scenario script invalid',
    hint: 'The scenario script is not valid JSON or breaks a rule of the script format (an ID used twice, a "next" that names no node or ending, a loop, no path that earns points). error.fields names each problem by node and reply; fix them in the script and save it again.',
  },
  LTI_SCENARIO_PLAY_INVALID: {
    status: 400,
    title: 'Scenario step invalid',
    hint: 'The page sent a reply that the scenario did not offer at this step, or an altered or expired play. Nothing was recorded; the learner can start the scenario again from its first page.',
  },

  // Admin API and HTTP plumbing
  LTI_AUTH_REQUIRED: {
    status: 401,
    title: 'Authentication required',
    hint: 'Send Authorization: Bearer <ADMIN_TOKEN>. The token is printed at start-up and set with ADMIN_TOKEN.',
  },
  LTI_ADMIN_SIGN_IN_FAILED: {
    status: 401,
    title: 'Email or password wrong',
    hint: 'No workspace admin has this email and password. Check both; the server operator can create an admin with `ltikit create-admin` or sign in with the admin token.',
  },
  LTI_ADMIN_FORBIDDEN: {
    status: 403,
    title: 'Not an admin of this workspace',
    hint: "The signed-in account is not an admin of the workspace in the URL (another workspace's admin, or no longer an admin). Sign in with an admin account of this workspace.",
  },
  LTI_LMS_ADMIN_REQUIRED: {
    status: 403,
    title: 'LMS admin access required',
    hint: 'The signed-in LMS user is not an LMS admin. Sign in as an admin user (created with POST /api/users and "admin": true), or sign in with the admin token at /admin/login.',
  },
  LTI_TEACHING_ROLE_REQUIRED: {
    status: 403,
    title: 'Only instructors can do this',
    hint: "Adding activities and the course gradebook are for the course's instructors (a teaching role: Instructor, TeachingAssistant or Administrator). Enroll the user with such a role.",
  },
  LTI_ADMIN_DUPLICATE: {
    status: 409,
    title: 'Admin email taken',
    hint: 'This workspace already has an admin with this email. Sign in with it, or choose another email.',
  },
  LTI_REQUEST_INVALID: {
    status: 400,
    title: 'Invalid request',
    hint: 'One or more fields are invalid; see error.fields for each one.',
  },
  LTI_BODY_MALFORMED: {
    status: 400,
    title: 'Body is not valid JSON',
    hint: 'Send a JSON body with Content-Type: application/json.',
  },
  LTI_BODY_TOO_LARGE: {
    status: 413,
    title: 'Request body too large',
    hint: 'The request body exceeds the size limit. Launch bodies and API bodies are bounded; send less.',
  },
  LTI_WORKSPACE_NOT_FOUND: {
    status: 404,
    title: 'Workspace not found',
    hint: 'No workspace has this ID or slug. Check the URL; workspace slugs are listed by the admin API.',
  },
  LTI_REGISTRATION_NOT_FOUND: {
    status: 404,
    title: 'LMS connection not found',
    hint: 'No connected LMS has this ID in the workspace. It may have been removed already.',
  },
  LTI_WORKSPACE_DUPLICATE: {
    status: 409,
    title: 'Workspace slug taken',
    hint: 'Another workspace already uses this slug. Choose another slug.',
  },
  LTI_SCENARIO_DUPLICATE: {
    status: 409,
    title: 'Scenario slug taken',
    hint: 'Another scenario in this workspace already uses this slug. Choose another slug.',
  },
  LTI_REGISTRATION_DUPLICATE: {
    status: 409,
    title: 'LMS already connected',
    hint: 'This workspace already has a connection for this issuer and client ID. Edit or remove the existing one instead.',
  },
  LTI_NOT_FOUND: {
    status: 404,
    title: 'Not found',
    hint: 'There is nothing at this URL. Check the address.',
  },
  LTI_INTERNAL: {
    status: 500,
    title: 'Internal error',
    hint: 'An unexpected error happened. The server log has the details under this correlation ID; report it with that ID.',
  },
} as const satisfies Record<string, CatalogueEntry>

/** A stable, public error code. */
export type LtiErrorCode = keyof typeof ERROR_CATALOGUE

export interface LtiErrorOptions {
  /** Structured facts (`{ claim, expected, actual }`), never secrets or whole tokens. */
  cause?: Record<string, unknown>
  /** Field-level problems for 400 answers to forms and APIs. */
  fields?: Record<string, string>
}

/** Base of every protocol and product error; `status` comes from the catalogue. */
export class LtiError extends Error {
  readonly code: LtiErrorCode
  readonly status: number
  readonly fields?: Record<string, string>

  constructor(code: LtiErrorCode, message: string, options: LtiErrorOptions = {}) {
    super(message, options.cause ? { cause: options.cause } : undefined)
    this.name = new.target.name
    this.code = code
    this.status = ERROR_CATALOGUE[code].status
    if (options.fields) this.fields = options.fields
  }

  get hint(): string {
    return ERROR_CATALOGUE[this.code].hint
  }
}

/** The request itself is malformed or incomplete. */
export class LtiRequestInvalid extends LtiError {}
/** A token (id_token, assertion, session) failed validation. */
export class LtiTokenInvalid extends LtiError {}
/** Well-formed, authenticated, but not allowed. */
export class LtiForbidden extends LtiError {}
/** The addressed thing does not exist. */
export class LtiNotFound extends LtiError {}
/** The addressed thing exists already. */
export class LtiConflict extends LtiError {}
/** A valid request for something this implementation does not do. */
export class LtiUnsupported extends LtiError {}
/** A remote party (LMS endpoint, keyset URL) failed. */
export class LtiUpstreamFailed extends LtiError {}

export function isLtiError(value: unknown): value is LtiError {
  return value instanceof LtiError
}

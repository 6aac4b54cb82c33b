/**
 * The "Former LTI 1.1 connection" section of a workspace's LTI page: the consumer keys the
 * workspace holds from LTI 1.1 days, which connected LMS each migrates to, and the LTI 1.1
 * launch URL for an LMS still launching over 1.1. Read-only: the admin API manages consumers
 * (`/api/workspaces/{ws}/lti11/consumers`), and secrets are never shown.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */

export interface FormerLti11SectionProps {
  readonly consumers: readonly { readonly consumerKey: string; readonly registrationId?: string }[]
  /** The workspace's connected LMSes, to name the one a consumer migrates to. */
  readonly platforms: readonly { readonly id: string; readonly name: string }[]
  /** `lti11LaunchUrl` of the workspace. */
  readonly launchUrl: string
}

export function FormerLti11Section(props: FormerLti11SectionProps) {
  const nameOf = (id: string) => props.platforms.find((p) => p.id === id)?.name ?? 'a removed LMS'
  return (
    <section class="card" id="lti11" aria-labelledby="lti11-heading">
      <h2 id="lti11-heading">Former LTI 1.1 connection</h2>
      <p class="muted">
        Learners who used this workspace over LTI 1.1 keep their progress when their LMS switches to
        LTI 1.3: the LMS proves the old consumer key with its shared secret, and their first LTI 1.3
        launch lands on their existing account. Grades are not sent back over LTI 1.1.
      </p>
      <p>
        LTI 1.1 launch URL:{' '}
        <span class="ref" data-testid="lti11-launch-url">
          {props.launchUrl}
        </span>
      </p>
      {props.consumers.length === 0 ? (
        <p class="empty" data-testid="no-lti11-consumers">
          No LTI 1.1 consumer key is stored. Add the key and secret your LMS used with{' '}
          <span class="ref">POST /api/workspaces/…/lti11/consumers</span>.
        </p>
      ) : (
        <div class="table-scroll">
          <table class="table">
            <thead>
              <tr>
                <th scope="col">Consumer key</th>
                <th scope="col">Migrates to</th>
              </tr>
            </thead>
            <tbody>
              {props.consumers.map((consumer) => (
                <tr data-testid="lti11-consumer">
                  <td>
                    <span class="ref">{consumer.consumerKey}</span>
                  </td>
                  <td>
                    {consumer.registrationId === undefined
                      ? 'Any connected LMS'
                      : nameOf(consumer.registrationId)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  )
}

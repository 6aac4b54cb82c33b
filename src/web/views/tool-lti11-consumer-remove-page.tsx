/**
 * The second step of removing a former LTI 1.1 consumer key: what stops working, and one button
 * to confirm. Learners already matched keep their accounts; the key's LTI 1.1 launches and the
 * matching of learners not yet seen over LTI 1.3 end with it.
 * @see https://www.imsglobal.org/spec/lti/v1p3/migr#lti-1-1-migration-claim
 */
import type { Workspace } from '../../tool/ports.js'
import { workspaceAdminPath } from './tool-admin-layout.js'
import type { ToolAdminHeaderAdmin } from './tool-admin-layout.js'
import { ConfirmRemovalPage } from './tool-confirm-removal.js'

export interface RemoveLti11ConsumerPageProps {
  readonly workspace: Workspace
  readonly admin?: ToolAdminHeaderAdmin
  readonly consumer: { readonly id: string; readonly consumerKey: string }
  /** The connected LMS it migrates to; absent for any. */
  readonly platformName?: string
}

export function RemoveLti11ConsumerPage(props: RemoveLti11ConsumerPageProps) {
  const { workspace, consumer } = props
  return (
    <ConfirmRemovalPage
      workspace={workspace}
      {...(props.admin ? { admin: props.admin } : {})}
      section="lti"
      title="Remove LTI 1.1 consumer key"
      heading={`Remove the consumer key ${consumer.consumerKey}?`}
      facts={[
        ['Consumer key', <span class="ref">{consumer.consumerKey}</span>],
        ['Migrates to', props.platformName ?? 'Any connected LMS'],
      ]}
      action={workspaceAdminPath(workspace, 'lti', 'lti11-consumers', consumer.id, 'remove')}
      confirmLabel="Remove consumer key"
      cancelHref={`${workspaceAdminPath(workspace, 'lti')}#lti11`}
      testid="remove-lti11-confirmation"
      confirmTestid="confirm-remove-lti11"
    >
      The LMS can no longer launch this workspace over LTI 1.1 with this key, and learners it has
      not yet launched over LTI 1.3 start afresh instead of keeping their LTI 1.1 progress. Learners
      already seen keep their accounts and attempts.
    </ConfirmRemovalPage>
  )
}

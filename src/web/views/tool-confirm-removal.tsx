/**
 * Removing something from a workspace's admin pages takes two steps and no script: a Remove
 * button that opens a confirmation page (a GET, so it removes nothing), and that page, which says
 * what goes and what stops working, with one button to confirm and a way back.
 */
import type { Child } from 'hono/jsx'
import type { Workspace } from '../../tool/ports.js'
import { ToolAdminLayout } from './tool-admin-layout.js'
import type { ToolAdminHeaderAdmin, ToolAdminSection } from './tool-admin-layout.js'

/** The Remove button of a table row: it opens `confirmPath`. */
export function RemoveButton(props: { confirmPath: string; name: string; testid: string }) {
  return (
    <form method="get" action={props.confirmPath}>
      <button
        type="submit"
        class="button-secondary"
        data-testid={props.testid}
        aria-label={`Remove ${props.name}`}
      >
        Remove
      </button>
    </form>
  )
}

export interface ConfirmRemovalPageProps {
  readonly workspace: Workspace
  readonly admin?: ToolAdminHeaderAdmin
  readonly section: ToolAdminSection
  readonly title: string
  readonly heading: string
  /** What is removed, as a definition list: label and value. */
  readonly facts: readonly (readonly [string, Child])[]
  /** Where the confirmation posts. */
  readonly action: string
  readonly confirmLabel: string
  /** Where Cancel goes back to. */
  readonly cancelHref: string
  /** `data-testid` of the page's card and of its confirm button. */
  readonly testid: string
  readonly confirmTestid: string
  /** What stops working, in a sentence or two. */
  readonly children: Child
}

export function ConfirmRemovalPage(props: ConfirmRemovalPageProps) {
  return (
    <ToolAdminLayout
      title={props.title}
      workspace={props.workspace}
      section={props.section}
      admin={props.admin}
    >
      <div class="card stack" data-testid={props.testid}>
        <h1>{props.heading}</h1>
        <dl class="facts">
          {props.facts.map(([label, value]) => (
            <>
              <dt>{label}</dt>
              <dd>{value}</dd>
            </>
          ))}
        </dl>
        <p>{props.children}</p>
        <div class="row">
          <form method="post" action={props.action}>
            <button type="submit" class="button-danger" data-testid={props.confirmTestid}>
              {props.confirmLabel}
            </button>
          </form>
          <a class="button button-secondary" href={props.cancelHref}>
            Cancel
          </a>
        </div>
      </div>
    </ToolAdminLayout>
  )
}

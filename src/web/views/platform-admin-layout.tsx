import type { Child } from 'hono/jsx'
import type { AdminViewer } from '../platform-admin-guard.js'
import { PlatformLayout } from './platform-layout.js'

export type AdminTab = 'tools' | 'register' | 'dynamic' | 'lti11'

const TABS: readonly (readonly [AdminTab, string, string])[] = [
  ['tools', '/admin/tools', 'Tools'],
  ['register', '/admin/tools/new', 'Register a tool manually'],
  ['dynamic', '/admin/tools/register', 'Dynamic registration'],
  ['lti11', '/admin/lti11-tools', 'LTI 1.1 tools'],
]

/** The frame of the admin pages: the site header, then the admin sections as tabs. */
export function AdminLayout(props: {
  title: string
  viewer: AdminViewer
  tab?: AdminTab
  scripts?: readonly string[]
  children: Child
}) {
  const { viewer } = props
  return (
    <PlatformLayout
      title={props.title}
      section="admin"
      {...(viewer.kind === 'user' ? { user: viewer.user } : { adminByToken: true })}
      {...(props.scripts ? { scripts: props.scripts } : {})}
    >
      <nav class="site-nav card" aria-label="Admin">
        <ul>
          {TABS.map(([tab, href, label]) => (
            <li>
              <a href={href} {...(props.tab === tab ? { 'aria-current': 'page' } : {})}>
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {props.children}
    </PlatformLayout>
  )
}

/** The hidden `csrf` field of an admin form; the admin-token session needs none. */
export function AdminFormToken(props: { viewer: AdminViewer }) {
  return props.viewer.kind === 'user' && props.viewer.user.formToken ? (
    <input type="hidden" name="csrf" value={props.viewer.user.formToken} />
  ) : null
}

/**
 * One page of an NRPS membership container, read leniently: unknown fields are ignored, a
 * missing `status` means Active, and an entry without a usable `user_id` is skipped rather than
 * failing a whole course's roster.
 * @see https://www.imsglobal.org/spec/lti-nrps/v2p0/#membership-container-media-type
 */
import { MEMBER_STATUS } from '../../core/nrps/types.js'
import type { RosterMember, RosterMemberStatus } from '../ports.js'

export interface MembershipPage {
  context?: { id: string; label?: string; title?: string }
  members: RosterMember[]
  skipped: number
}

/** Core 1.3 §5.3.6 bounds `sub` (which `user_id` equals) to 255 characters. */
const MAX_ID = 255
const MAX_ROLES = 100
const MAX_TEXT = 512

/** The page, or `undefined` when the body is not a membership container at all. */
export function parseMembershipPage(bytes: Uint8Array): MembershipPage | undefined {
  let json: unknown
  try {
    json = JSON.parse(new TextDecoder().decode(bytes))
  } catch {
    return undefined
  }
  if (!isObject(json) || !Array.isArray(json.members)) return undefined
  const page: MembershipPage = { members: [], skipped: 0 }
  const context = json.context
  if (isObject(context) && typeof context.id === 'string' && context.id !== '') {
    page.context = {
      id: context.id,
      ...text('label', context.label),
      ...text('title', context.title),
    }
  }
  for (const entry of json.members) {
    const member = toMember(entry)
    if (member) page.members.push(member)
    else page.skipped++
  }
  return page
}

function toMember(entry: unknown): RosterMember | undefined {
  if (!isObject(entry)) return undefined
  const userId = entry.user_id
  if (typeof userId !== 'string' || userId === '' || userId.length > MAX_ID) return undefined
  const roles = Array.isArray(entry.roles)
    ? entry.roles
        .filter((r): r is string => typeof r === 'string' && r !== '' && r.length <= 2048)
        .slice(0, MAX_ROLES)
    : []
  const status = (MEMBER_STATUS as readonly unknown[]).includes(entry.status)
    ? (entry.status as RosterMemberStatus)
    : 'Active'
  const given = clean(entry.given_name)
  const family = clean(entry.family_name)
  const name = clean(entry.name) ?? ([given, family].filter(Boolean).join(' ') || undefined)
  const email = clean(entry.email)
  return {
    userId,
    status,
    roles,
    ...(name ? { name } : {}),
    ...(email ? { email } : {}),
  }
}

function clean(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined
  const trimmed = value.trim()
  return trimmed === '' ? undefined : trimmed.slice(0, MAX_TEXT)
}

function text<K extends string>(key: K, value: unknown): { [P in K]?: string } {
  const cleaned = clean(value)
  return (cleaned === undefined ? {} : { [key]: cleaned }) as { [P in K]?: string }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/**
 * Creates a workspace admin from checked input (`adminInput`): hashes the password and stores
 * the account. The admin API and `ltikit create-admin` both come here.
 */
import type { z } from 'zod'
import { LtiConflict } from '../core/errors.js'
import { hashPassword } from '../platform/password.js'
import type { MemberRecord } from '../store/member-repository.js'
import type { WorkspaceAdminRepository } from '../store/workspace-admin-repository.js'
import type { adminInput } from './schemas.js'

export type AdminInput = z.infer<typeof adminInput>

/**
 * @throws LTI_ADMIN_DUPLICATE when the workspace has an admin with this email already.
 */
export async function createWorkspaceAdmin(
  admins: Pick<WorkspaceAdminRepository, 'createAdmin'>,
  workspaceId: string,
  input: AdminInput,
  now: number,
): Promise<MemberRecord> {
  const passwordHash = await hashPassword(input.password)
  const created = await admins.createAdmin(workspaceId, {
    email: input.email,
    name: input.name,
    passwordHash,
    at: now,
  })
  if (created === 'duplicate') {
    throw new LtiConflict('LTI_ADMIN_DUPLICATE', 'an admin of this workspace has this email', {
      fields: { email: 'already an admin of this workspace' },
    })
  }
  return created
}

/** An admin as the API shows it: never the password hash. */
export function adminJson(member: MemberRecord) {
  return {
    id: member.id,
    email: member.email,
    name: member.name,
    role: member.role,
    createdAt: new Date(member.createdAt).toISOString(),
  }
}

/**
 * A platform ready for deep linking tests: an instructor and a learner in one context, a tool
 * with deep linking and AGS (its key published through a FakeKeyResolver), a second tool, and
 * the platform's own signing key. `requestFor` plays the tool receiving the platform's request.
 */
import { generateKeyPair, jwtVerify } from 'jose'
import { SCOPE } from '../../src/core/claims.js'
import { readDeepLinkingSettings } from '../../src/core/deep-linking/read-deep-linking-settings.js'
import type { DeepLinkingSettings } from '../../src/core/deep-linking/read-deep-linking-settings.js'
import type { IdTokenPayload } from '../../src/core/launch/claim-types.js'
import type { Clock, MacKey } from '../../src/core/ports.js'
import type { SigningKey } from '../../src/core/security/key-set.js'
import { webCryptoMacKey } from '../../src/core/security/sealed-token.js'
import { buildDeepLinkingRequest } from '../../src/platform/deep-linking-request.js'
import type { Context, PlatformStores, Tool, User } from '../../src/platform/ports.js'
import { FakeKeyResolver } from './fake-key-resolver.js'

export const DL_PUBLIC_URL = 'https://lms.example'

export interface DeepLinkingFixture {
  stores: PlatformStores
  clock: Clock
  messageHintKey: MacKey
  platformKey: SigningKey
  platformPublicKey: CryptoKey
  toolKeys: FakeKeyResolver
  instructor: User
  learner: User
  context: Context
  /** Deep linking on, AGS with the lineitem and score scopes. */
  tool: Tool
  toolKey: SigningKey
  /** Deep linking on, AGS score scope only (so accept_lineitem is false). */
  otherTool: Tool
  otherToolKey: SigningKey
  /** Issues the platform's request for `user` and reads it as the tool does. */
  requestFor(
    tool: Tool,
    user?: User,
  ): Promise<{ idToken: string; claims: IdTokenPayload; settings: DeepLinkingSettings }>
}

type KeyPair = Awaited<ReturnType<typeof generateKeyPair>>
let pairs: Promise<[KeyPair, KeyPair, KeyPair]> | undefined

/** RSA key generation is slow; the keys of every seeded platform are made once per file. */
function keyPairs(): Promise<[KeyPair, KeyPair, KeyPair]> {
  const make = () => generateKeyPair('RS256')
  pairs ??= Promise.all([make(), make(), make()])
  return pairs
}

export async function seedDeepLinking(
  stores: PlatformStores,
  clock: Clock,
): Promise<DeepLinkingFixture> {
  const messageHintKey = await webCryptoMacKey(new Uint8Array(32).fill(3))
  const [platformPair, toolPair, otherPair] = await keyPairs()
  const platformKey: SigningKey = {
    kid: 'platform-k1',
    alg: 'RS256',
    privateKey: platformPair.privateKey,
  }
  const toolKeys = new FakeKeyResolver()
  const user = async (email: string, name: string) => {
    const created = await stores.users.createUser({ email, name, passwordHash: 'unused' })
    if (!created) throw new Error(`could not create ${email}`)
    return created
  }
  const instructor = await user('tim@example.edu', 'Tim Teacher')
  const learner = await user('lea@example.edu', 'Lea Learner')
  const context = await stores.contexts.createContext({
    title: 'Negotiation 101',
    label: 'NEG101',
    gradingScale: { type: 'points' },
  })
  await stores.contexts.enroll({
    contextId: context.id,
    userId: instructor.id,
    roles: ['Instructor'],
    status: 'Active',
  })
  await stores.contexts.enroll({
    contextId: context.id,
    userId: learner.id,
    roles: ['Learner'],
    status: 'Active',
  })
  const register = (name: string, host: string, ags: Tool['services']['ags']) =>
    stores.tools.createTool({
      name,
      oidcLoginUrl: `https://${host}/login`,
      redirectUris: [`https://${host}/launch`],
      targetLinkUri: `https://${host}/launch`,
      jwksUrl: `https://${host}/jwks`,
      deepLinkingUrl: `https://${host}/deep-link`,
      customParameters: { tenant: name },
      privacy: { sendName: true, sendEmail: false },
      services: { ags, nrps: true, deepLinking: true },
    })
  const tool = await register('Practice tool', 'tool.example', [SCOPE.agsLineItem, SCOPE.agsScore])
  const otherTool = await register('Other tool', 'other.example', [SCOPE.agsScore])
  const toolKey = await toolKeys.publishKey(tool.jwksUrl, 'tool-k1', toolPair)
  const otherToolKey = await toolKeys.publishKey(otherTool.jwksUrl, 'other-k1', otherPair)

  return {
    stores,
    clock,
    messageHintKey,
    platformKey,
    platformPublicKey: platformPair.publicKey,
    toolKeys,
    instructor,
    learner,
    context,
    tool,
    toolKey,
    otherTool,
    otherToolKey,
    async requestFor(forTool, forUser = instructor) {
      const enrollment = await stores.contexts.findEnrollment(context.id, forUser.id)
      if (!enrollment) throw new Error('not enrolled')
      const idToken = await buildDeepLinkingRequest(
        { tool: forTool, context, user: forUser, enrollment, nonce: 'tool-nonce' },
        { publicUrl: DL_PUBLIC_URL, clock, messageHintKey, signingKey: platformKey },
      )
      const { payload } = await jwtVerify(idToken, platformPair.publicKey, {
        issuer: DL_PUBLIC_URL,
        audience: forTool.clientId,
        currentDate: new Date(clock.now()),
      })
      const claims = payload as IdTokenPayload
      return { idToken, claims, settings: readDeepLinkingSettings(claims) }
    },
  }
}

/* global require, process, console */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, as ltijs itself is */
/**
 * A real peer for the interop test: an ltijs 5 tool (ltijs-sequelize on PostgreSQL) registered on
 * our platform. It is a child process because ltijs is a process-wide singleton and calls
 * process.exit on database errors.
 *
 * On a resource link launch it posts a score through AGS (when the launch carries a line item),
 * reads the roster through NRPS, and answers with JSON describing what it saw. On a deep linking
 * launch it answers ltijs's own auto-posting deep linking response form.
 *
 * Environment: PORT, LTIJS_DB, LTIJS_KEY, PLATFORM_ISSUER, PLATFORM_CLIENT_ID, PLATFORM_AUTH_URL,
 * PLATFORM_TOKEN_URL, PLATFORM_JWKS_URL, SCORE_GIVEN. Prints `LTIJS_READY` once registered.
 */
'use strict'

const { Provider: lti } = require('ltijs')
const Database = require('ltijs-sequelize')

const env = (name) => {
  const value = process.env[name]
  if (!value) throw new Error(`ltijs-tool: ${name} is not set`)
  return value
}

const describeError = (err) => ({
  message: String(err && err.message),
  status: err && err.response ? err.response.statusCode : undefined,
  body: err && err.response ? String(err.response.body).slice(0, 500) : undefined,
})

async function main() {
  const base = `http://127.0.0.1:${env('PORT')}`
  const db = new Database(env('LTIJS_DB'), 'postgres', '', {
    host: '127.0.0.1',
    dialect: 'postgres',
    logging: false,
  })
  lti.setup(
    env('LTIJS_KEY'),
    { plugin: db },
    { devMode: true, cookies: { secure: false, sameSite: '' } },
  )

  lti.onConnect(async (token, _req, res) => {
    const seen = {
      user: token.user,
      roles: token.platformContext.roles,
      context: token.platformContext.context,
      resource: token.platformContext.resource,
      custom: token.platformContext.custom,
      name: token.userInfo && token.userInfo.name,
      email: token.userInfo && token.userInfo.email,
    }
    const endpoint = token.platformContext.endpoint
    if (endpoint && endpoint.lineitem) {
      try {
        seen.score = await lti.Grade.submitScore(token, endpoint.lineitem, {
          scoreGiven: Number(env('SCORE_GIVEN')),
          scoreMaximum: 100,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
        })
      } catch (err) {
        seen.scoreError = describeError(err)
      }
    }
    if (token.platformContext.namesRoles) {
      try {
        const roster = await lti.NamesAndRoles.getMembers(token, { pages: false, limit: 2 })
        seen.members = roster.members
      } catch (err) {
        seen.membersError = describeError(err)
      }
    }
    res.status(200).json(seen)
  })

  lti.onDeepLinking(async (token, _req, res) => {
    const form = await lti.DeepLinking.createDeepLinkingForm(
      token,
      [
        {
          type: 'ltiResourceLink',
          title: 'Chosen in ltijs',
          url: `${base}/`,
          custom: { picked_by: 'ltijs' },
          lineItem: { scoreMaximum: 50, label: 'ltijs graded activity' },
        },
      ],
      { message: 'One activity added by ltijs' },
    )
    res.status(200).type('html').send(form)
  })

  await lti.deploy({ port: Number(env('PORT')), silent: true })
  await lti.registerPlatform({
    url: env('PLATFORM_ISSUER'),
    name: 'ltikit platform',
    clientId: env('PLATFORM_CLIENT_ID'),
    authenticationEndpoint: env('PLATFORM_AUTH_URL'),
    accesstokenEndpoint: env('PLATFORM_TOKEN_URL'),
    authConfig: { method: 'JWK_SET', key: env('PLATFORM_JWKS_URL') },
  })
  console.log('LTIJS_READY')
}

main().catch((err) => {
  console.error('ltijs-tool failed:', err)
  process.exit(1)
})

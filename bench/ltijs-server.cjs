/* global require, process, console */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, as ltijs itself is */
/**
 * The ltijs side of the launch benchmark: a minimal ltijs tool on PostgreSQL (ltijs-sequelize),
 * spawned as a child of bench/launch-bench.ts so its CPU can be read from /proc.
 *
 * Environment: PORT, LTIJS_DB (a fresh database), LTIJS_KEY, PLATFORM_ISSUER, PLATFORM_CLIENT_ID,
 * PLATFORM_AUTH_URL, PLATFORM_TOKEN_URL, PLATFORM_JWKS_URL. Prints `LTIJS_READY` once the platform
 * is registered. ltijs calls process.exit on database errors: the parent reports our stderr.
 */
'use strict'

const { Provider: lti } = require('ltijs')
const Database = require('ltijs-sequelize')

const env = (name) => {
  const value = process.env[name]
  if (!value) throw new Error(`ltijs-server: ${name} is not set`)
  return value
}

async function main() {
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
  // The launch ends here: ltijs redirects the id_token POST to `/?ltik=...`, which lands on this.
  lti.onConnect((_token, _req, res) => res.status(200).type('text').send('ltijs launch ok'))
  await lti.deploy({ port: Number(env('PORT')), silent: true })
  await lti.registerPlatform({
    url: env('PLATFORM_ISSUER'),
    name: 'ltikit LMS emulator',
    clientId: env('PLATFORM_CLIENT_ID'),
    authenticationEndpoint: env('PLATFORM_AUTH_URL'),
    accesstokenEndpoint: env('PLATFORM_TOKEN_URL'),
    authConfig: { method: 'JWK_SET', key: env('PLATFORM_JWKS_URL') },
  })
  console.log('LTIJS_READY')
}

main().catch((err) => {
  console.error('ltijs-server failed:', err)
  process.exit(1)
})

/* global require, process, console */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, as ltijs itself is */
/**
 * A real peer for the platform-side Dynamic Registration test: an ltijs 5 tool (ltijs-sequelize
 * on PostgreSQL) with its own dynamic registration turned on (`/register`, auto-activated), and
 * no platform registered beforehand. It prints `LTIJS_READY` once it listens. On a resource link
 * launch it answers JSON with what it saw, so the test can tell the launch reached it.
 *
 * Environment: PORT, LTIJS_DB (a fresh database), LTIJS_KEY.
 */
'use strict'

const { Provider: lti } = require('ltijs')
const Database = require('ltijs-sequelize')

const env = (variable) => {
  const value = process.env[variable]
  if (!value) throw new Error(`ltijs-dynreg-tool: ${variable} is not set`)
  return value
}

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
    {
      devMode: true,
      cookies: { secure: false, sameSite: '' },
      dynRegRoute: '/register',
      dynReg: {
        url: base,
        name: 'ltijs (dynamic)',
        description: 'ltijs registered through Dynamic Registration',
        customParameters: { via: 'dynreg' },
        autoActivate: true,
      },
    },
  )
  lti.onConnect(async (token, _req, res) => {
    res.status(200).json({
      ltijs: true,
      user: token.user,
      roles: token.platformContext.roles,
      resource: token.platformContext.resource,
      custom: token.platformContext.custom,
    })
  })
  await lti.deploy({ port: Number(env('PORT')), silent: true })
  console.log('LTIJS_READY')
}

main().catch((err) => {
  console.error('ltijs-dynreg-tool failed:', err)
  process.exit(1)
})

/* global require, process, console, module */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, as ltijs itself is */
/**
 * What every ltijs child process we spawn does alike: an ltijs 5 tool on PostgreSQL
 * (ltijs-sequelize) in dev mode, one platform registered from the environment, and
 * `LTIJS_READY` printed once it is. ltijs is a process-wide singleton that calls process.exit on
 * database errors, so it always runs as a child and the parent reports our stderr.
 *
 * Environment: PORT, LTIJS_DB (a fresh database), LTIJS_KEY, PLATFORM_ISSUER, PLATFORM_CLIENT_ID,
 * PLATFORM_AUTH_URL, PLATFORM_TOKEN_URL, PLATFORM_JWKS_URL.
 */
'use strict'

const { Provider: lti } = require('ltijs')
const Database = require('ltijs-sequelize')

/**
 * Sets ltijs up, lets `route(lti, env)` register its handlers, deploys on PORT and registers the
 * platform; exits with 1 on any failure.
 * @param {string} name - The script's name in error messages.
 * @param {string} platformName - The name the platform is registered under.
 * @param {(provider: typeof lti, env: (name: string) => string) => void} route
 */
function runLtijsPeer(name, platformName, route) {
  const env = (variable) => {
    const value = process.env[variable]
    if (!value) throw new Error(`${name}: ${variable} is not set`)
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
    route(lti, env)
    await lti.deploy({ port: Number(env('PORT')), silent: true })
    await lti.registerPlatform({
      url: env('PLATFORM_ISSUER'),
      name: platformName,
      clientId: env('PLATFORM_CLIENT_ID'),
      authenticationEndpoint: env('PLATFORM_AUTH_URL'),
      accesstokenEndpoint: env('PLATFORM_TOKEN_URL'),
      authConfig: { method: 'JWK_SET', key: env('PLATFORM_JWKS_URL') },
    })
    console.log('LTIJS_READY')
  }

  main().catch((err) => {
    console.error(`${name} failed:`, err)
    process.exit(1)
  })
}

module.exports = { runLtijsPeer }

/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, as ltijs itself is */
/**
 * The ltijs side of the launch benchmark: a minimal ltijs tool on PostgreSQL (ltijs-sequelize),
 * spawned as a child of bench/launch-bench.ts so its CPU can be read from /proc.
 *
 * Environment: as test/support/ltijs-peer.cjs describes. Prints `LTIJS_READY` once the platform
 * is registered.
 */
'use strict'

const { runLtijsPeer } = require('../test/support/ltijs-peer.cjs')

runLtijsPeer('ltijs-server', 'ltikit LMS emulator', (lti) => {
  // The launch ends here: ltijs redirects the id_token POST to `/?ltik=...`, which lands on this.
  lti.onConnect((_token, _req, res) => res.status(200).type('text').send('ltijs launch ok'))
})

/* global require */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS script, as ltijs itself is */
/**
 * A real peer for the interop test: an ltijs 5 tool (ltijs-sequelize on PostgreSQL) registered on
 * our platform, run by test/support/ltijs-peer.cjs (whose environment it takes, plus SCORE_GIVEN).
 *
 * On a resource link launch it posts a score through AGS (when the launch carries a line item),
 * reads the roster through NRPS, and answers with JSON describing what it saw. On a deep linking
 * launch it answers ltijs's own auto-posting deep linking response form.
 */
'use strict'

const { runLtijsPeer } = require('../support/ltijs-peer.cjs')

const describeError = (err) => ({
  message: String(err && err.message),
  status: err && err.response ? err.response.statusCode : undefined,
  body: err && err.response ? String(err.response.body).slice(0, 500) : undefined,
})

runLtijsPeer('ltijs-tool', 'ltikit platform', (lti, env) => {
  const base = `http://127.0.0.1:${env('PORT')}`

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
})

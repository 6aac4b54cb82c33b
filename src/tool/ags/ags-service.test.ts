import { describe, expect, it } from 'vitest'
import { SCOPE } from '../../core/claims.js'
import { readAgsService } from './ags-service.js'

const lineitem = 'https://lms.example/ctx/1/lineitems/7/lineitem?type_id=3'
const lineitems = 'https://lms.example/ctx/1/lineitems'

describe('readAgsService', () => {
  it('reads the URLs and what the scopes allow, asking only for the scopes it uses', () => {
    expect(
      readAgsService({
        scope: [SCOPE.agsLineItem, SCOPE.agsResultReadonly, SCOPE.agsScore],
        lineitem,
        lineitems,
      }),
    ).toEqual({
      lineItem: lineitem,
      lineItems: lineitems,
      canReadLineItems: true,
      canCreateLineItems: true,
      scopes: [SCOPE.agsScore, SCOPE.agsLineItem],
    })
    expect(
      readAgsService({ scope: [SCOPE.agsScore, SCOPE.agsLineItemReadonly], lineitems }),
    ).toMatchObject({ canReadLineItems: true, canCreateLineItems: false })
  })

  it.each([
    ['no claim', undefined],
    ['not an object', 'claim'],
    ['no score scope', { scope: [SCOPE.agsLineItem], lineitem, lineitems }],
    ['no line item and no container', { scope: [SCOPE.agsScore] }],
    ['URLs that are not absolute', { scope: [SCOPE.agsScore], lineitem: '/li/1' }],
    ['scope not a list', { scope: SCOPE.agsScore, lineitem }],
  ])('gives nothing for %s', (_, claim) => {
    expect(readAgsService(claim)).toBeUndefined()
  })
})

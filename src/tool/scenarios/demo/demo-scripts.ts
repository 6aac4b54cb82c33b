/**
 * The scripts of the demo's three scenarios, by slug: realistic sales and customer-service
 * roleplays that show what the script format can do (branches, early endings with their own
 * feedback, coaching on every reply). Authored as JSON, exactly as an admin would upload them.
 */
import coldCallObjections from './cold-call-objections.json' with { type: 'json' }
import difficultCustomer from './difficult-customer.json' with { type: 'json' }
import discoveryCall from './discovery-call.json' with { type: 'json' }

export const DEMO_SCRIPTS: Readonly<Record<string, unknown>> = {
  'cold-call-objections': coldCallObjections,
  'discovery-call': discoveryCall,
  'difficult-customer': difficultCustomer,
}

export * from './check-issuer-matches-url.js'
export * from './parse-platform-configuration.js'
export * from './build-client-registration.js'
export * from './parse-registration-response.js'

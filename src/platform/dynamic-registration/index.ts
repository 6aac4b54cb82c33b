export * from './registration-token.js'
export * from './platform-configuration.js'
export * from './register-tool.js'
export * from './start-tool-registration.js'

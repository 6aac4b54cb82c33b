export * from './teaching-roles.js'
export * from './check-deep-linking-launch.js'
export * from './picker-token.js'
export * from './answer-picker.js'

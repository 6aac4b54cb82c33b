export * from './check-submission-review-launch.js'
export * from './review-token.js'
export * from './submission-review-property.js'

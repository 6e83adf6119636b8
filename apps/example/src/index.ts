export { createExampleApp, SESSION_COOKIE, type ExampleApp } from './app.js';
export { startExampleApp, type RunningExampleApp, type StartExampleAppOptions } from './server.js';
export { type ExampleAppOptions } from './config.js';
export { reviewEnrollment, type EnrollmentDecision } from './enrollment-review.js';
export { loginFailure, NOT_VERIFIED } from './failure-messages.js';

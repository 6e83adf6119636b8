export { startAdminServer } from './start.js';
export type { AdminServer, AdminServerOptions } from './start.js';
export { createApp, SESSION_COOKIE } from './app.js';
export type { AppDeps } from './app.js';
export { readEnv } from './config.js';
export type * from './api-types.js';

// pino JSON logs. The redaction list is a second line of defence: the code
// never logs headers or bodies, and these paths are censored if one slips in.
import { pino, type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = [
  'authorization', 'apikey', 'token', 'apiKey', 'template', 'embedding',
  '*.authorization', '*.apikey', '*.token', '*.apiKey', '*.template', '*.embedding',
  'req.headers.authorization', 'req.headers.apikey', 'req.headers.cookie', 'headers.authorization', 'headers.apikey',
];

export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  const options = { level, base: { service: 'onboarding-server' }, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  return destination ? pino(options, destination) : pino(options);
}

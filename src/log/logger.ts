import { pino, type DestinationStream, type Logger } from 'pino';

/**
 * Paths that may carry personal data about a child or free text about their needs. Logs never
 * hold them: children's records belong in the case system, not in log aggregation.
 */
export const REDACTED_PATHS = [
  'dateOfBirth', '*.dateOfBirth', '*.*.dateOfBirth',
  'needs', '*.needs', 'summary', '*.summary',
  'reason', '*.reason', 'comment', '*.comment', 'text', '*.text',
  'body', 'req.body', 'activity.text', 'activity.value',
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'MicrosoftAppPassword', 'INTAKE_API_KEY',
];

/** The process logger: JSON lines, personal and secret fields censored. */
export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { app: 'placement-panel-bot' } }, destination);
}

export type { Logger };

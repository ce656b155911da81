import { pino, type Logger, type LoggerOptions } from 'pino';

/**
 * Field names that carry personal data of residents, volunteers and donors (PIPL). Whatever object a log line
 * carries, these keys are masked at any depth up to four levels, so a careless `log.info({ need })` still
 * never writes a name, phone number or ID number in clear text.
 */
export const PERSONAL_FIELDS = [
  'name',
  'fullName',
  'realName',
  'idNumber',
  'idCard',
  'phone',
  'mobile',
  'email',
  'address',
  'birthDate',
  'dateOfBirth',
  'contact',
  'guardian',
  'healthCondition',
  'income',
  'password',
  'token',
  'authorization',
  'cookie',
] as const;

function redactPaths(fields: readonly string[], depth: number): string[] {
  const paths: string[] = [];
  for (const f of fields) {
    paths.push(f);
    let prefix = '';
    for (let d = 1; d <= depth; d++) {
      prefix += '*.';
      paths.push(`${prefix}${f}`);
    }
  }
  return paths;
}

export const REDACT_PATHS = [
  ...redactPaths(PERSONAL_FIELDS, 4),
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
];

export interface LoggerSettings {
  service: string;
  level: LoggerOptions['level'];
  /** Where to write; defaults to stdout. Tests pass a stream to read what was logged. */
  destination?: NodeJS.WritableStream;
}

/** A JSON logger with personal fields masked. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level ?? 'info',
    base: { service: settings.service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
  return settings.destination ? pino(options, settings.destination) : pino(options);
}

export type { Logger };

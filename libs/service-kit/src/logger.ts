import pino, { type Logger as PinoLogger } from 'pino';

/** The one structured logger of a service: JSON lines with the service name; trace ids are added by OpenTelemetry. */
export function createLogger(service: string, level = process.env.LOG_LEVEL ?? 'info'): PinoLogger {
  return pino({ name: `pro-hub-${service}`, level, base: { service }, redact: ['req.headers.authorization', '*.cpr', 'cpr'] });
}

import { format } from 'node:util';
import { Logger } from '@nestjs/common';
import { setErrorLogger, setWarningLogger } from 'node-opcua';

let installed = false;

/**
 * node-opcua prints its warnings and errors with console.log, multi-line, around pino. Route them through the
 * Nest logger instead: its warnings (routine on reconnects) at debug, its errors at warn. Process-wide, once.
 */
export function routeNodeOpcuaLogs(): void {
  if (installed) return;
  installed = true;
  const logger = new Logger('node-opcua');
  const text = (context: unknown, args: unknown[]): string => {
    const file = (context as { filename?: string } | undefined)?.filename;
    return `${file ? `${file}: ` : ''}${format(...args)}`.replace(/\s+/g, ' ').slice(0, 2_000);
  };
  setWarningLogger((context?: unknown, ...args: unknown[]) => logger.debug(text(context, args)));
  setErrorLogger((context?: unknown, ...args: unknown[]) => logger.warn(text(context, args)));
}

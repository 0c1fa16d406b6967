import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';

export interface ReportCommandDeps {
  api: () => { url: string; apiKey?: string };
  fetch?: typeof fetch;
  stdout?: NodeJS.WritableStream;
}

interface ReportOptions {
  unit: string;
  period: string;
  out: string;
  format: string;
  url?: string;
  apiKey?: string;
}

/**
 * `bsc report --unit U --period P --out file.pdf [--format csv]`: the briefing book from the running platform
 * (GET /reports/briefing-book), so the PDF is the dashboard's own print page rendered where the dashboard runs.
 */
export function registerReportCommand(program: Command, deps: ReportCommandDeps): void {
  const out = deps.stdout ?? process.stdout;
  program
    .command('report')
    .description("a unit's briefing book for a period (PDF) or its KPI table (CSV), from the running platform")
    .requiredOption('--unit <id>', 'org unit id')
    .requiredOption('--period <key>', 'period key of the model calendar, e.g. 2026-11 or FY2026-Q3')
    .requiredOption('--out <file>', 'file to write')
    .option('--format <format>', 'pdf or csv', 'pdf')
    .option('--url <url>', 'API base URL (default: BSC_API_URL)')
    .option('--api-key <key>', 'API key (default: BSC_API_KEY)')
    .action(async (options: ReportOptions) => {
      if (options.format !== 'pdf' && options.format !== 'csv')
        throw new Error(`--format: '${options.format}' is not pdf or csv`);
      const api = deps.api();
      const apiKey = options.apiKey ?? api.apiKey;
      if (!apiKey) throw new Error('an API key is required: --api-key or BSC_API_KEY (bsc api-key create --role ...)');
      const base = (options.url ?? api.url).replace(/\/+$/, '');
      const query = new URLSearchParams({ unit: options.unit, period: options.period, format: options.format });
      const url = `${base}/reports/briefing-book?${query.toString()}`;
      const response = await (deps.fetch ?? fetch)(url, { headers: { 'x-api-key': apiKey } }).catch((error: Error) => {
        throw new Error(`the platform at ${base} cannot be reached (${error.message}); is it running?`);
      });
      if (!response.ok) throw new Error(`${url}: HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`);
      const body = Buffer.from(await response.arrayBuffer());
      await writeFile(options.out, body);
      out.write(`wrote ${options.out} (${body.length} bytes)\n`);
    });
}

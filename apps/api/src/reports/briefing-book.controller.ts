import { Controller, Get, Inject, Query, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BscError, BscErrorCode } from '@bsc/common';
import { Authenticator } from '../auth/authenticator.service';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import { findPublicDir, renderHtmlPage } from '../dashboard/dashboard-assets';
import { BriefingBookService } from './briefing-book.service';
import type { BriefingCredential } from './briefing-pdf.renderer';

const STATUS: Record<BscErrorCode, number> = {
  [BscErrorCode.ModelInvalid]: 400,
  [BscErrorCode.BadInput]: 400,
  [BscErrorCode.FormulaError]: 400,
  [BscErrorCode.NotFound]: 404,
  [BscErrorCode.Conflict]: 409,
  [BscErrorCode.Forbidden]: 403,
  [BscErrorCode.Unauthenticated]: 401,
  [BscErrorCode.Unavailable]: 503,
};

// same policy as the dashboard page: scripts and styles from files only
const PAGE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'";

/**
 * The briefing book: `/briefing` is the dashboard's print page (it signs in with the dashboard's stored
 * credential); `/reports/briefing-book?unit=U&period=P&format=pdf|csv` returns it as a file to any signed-in role
 * that may see the unit (same headers as GraphQL: Authorization Bearer/ApiKey or x-api-key).
 */
@Controller()
export class BriefingBookController {
  private readonly page: string;

  constructor(
    @Inject(API_CONFIG) config: ApiConfig,
    private readonly auth: Authenticator,
    private readonly books: BriefingBookService,
  ) {
    this.page = renderHtmlPage(findPublicDir(), 'briefing.html', config.GRAPHQL_PATH);
  }

  @Get('briefing')
  briefingPage(@Res() res: Response): void {
    res.setHeader('content-security-policy', PAGE_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-cache');
    res.type('text/html; charset=utf-8').send(this.page);
  }

  @Get('reports/briefing-book')
  async briefingBook(
    @Req() req: Request,
    @Res() res: Response,
    @Query('unit') unit?: string,
    @Query('period') period?: string,
    @Query('format') format = 'pdf',
  ): Promise<void> {
    try {
      const { principal, error } = await this.auth.fromHeaders(req.headers);
      if (!principal) throw new BscError(BscErrorCode.Unauthenticated, error ?? 'authentication required');
      if (!unit || !period) throw new BscError(BscErrorCode.BadInput, 'unit and period are required');
      const file = `briefing-${unit}-${period}`.replace(/[^\w.-]/g, '_');
      if (format === 'csv') {
        const csv = await this.books.csv(principal, { unit, period });
        res.setHeader('content-disposition', `attachment; filename="${file}.csv"`);
        res.type('text/csv; charset=utf-8').send(csv);
        return;
      }
      if (format !== 'pdf') throw new BscError(BscErrorCode.BadInput, `format: '${format}' is not pdf or csv`);
      const pdf = await this.books.pdf(principal, credentialOf(req), ownOrigin(req), { unit, period });
      res.setHeader('content-disposition', `attachment; filename="${file}.pdf"`);
      res.type('application/pdf').send(pdf);
    } catch (error) {
      if (!(error instanceof BscError)) throw error;
      res.status(STATUS[error.code]).type('text/plain; charset=utf-8').send(error.message);
    }
  }
}

/** The browser started here reaches this API at the address and port the request came in on (any HOST). */
function ownOrigin(req: Request): string {
  // an IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d
  const address = (req.socket.localAddress ?? '127.0.0.1').replace(/^::ffff:(?=\d+\.)/, '');
  return `http://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}

/** The credential the request authenticated with, handed to the print page. */
function credentialOf(req: Request): BriefingCredential {
  const apiKey = req.headers['x-api-key'];
  if (typeof apiKey === 'string') return { kind: 'apiKey', secret: apiKey.trim() };
  const [scheme, secret] = (req.headers.authorization ?? '').trim().split(/\s+/, 2);
  return { kind: /^bearer$/i.test(scheme) ? 'jwt' : 'apiKey', secret: secret ?? '' };
}

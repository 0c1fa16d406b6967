import { Controller, Get, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { API_CONFIG } from '../config/api-config.token';
import type { ApiConfig } from '../config/api.config';
import {
  findPublicDir,
  listPublicAssets,
  renderIndexHtml,
  vendorAssets,
  type DashboardAsset,
} from './dashboard-assets';

export const DASHBOARD_ASSET_BASE = '/dashboard';

// Scripts and styles come from files only (no inline code); the API is same-origin, graphql-ws included.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'self'",
].join('; ');

/** The Balanced Scorecard page at / and its static files below /dashboard. */
@Controller()
export class DashboardController {
  private readonly indexHtml: string;
  private readonly assets: Record<string, DashboardAsset>;
  private readonly vendor: Record<string, DashboardAsset>;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
    const publicDir = findPublicDir();
    this.assets = listPublicAssets(publicDir);
    const modules = Object.keys(this.assets).filter((path) => path.startsWith('js/') && path.endsWith('.js'));
    this.indexHtml = renderIndexHtml(
      publicDir,
      config.GRAPHQL_PATH,
      modules.sort().map((path) => `${DASHBOARD_ASSET_BASE}/${path}`),
    );
    this.vendor = vendorAssets();
  }

  @Get()
  page(@Res() res: Response): void {
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    // the page is tiny and names the asset files; always revalidate so an upgrade shows at once
    res.setHeader('cache-control', 'no-cache');
    res.type('text/html; charset=utf-8').send(this.indexHtml);
  }

  @Get('dashboard/vendor/:name')
  vendorFile(@Param('name') name: string, @Res() res: Response): void {
    this.send(res, lookup(this.vendor, name), 'public, max-age=86400');
  }

  @Get('dashboard/js/:name')
  script(@Param('name') name: string, @Res() res: Response): void {
    this.send(res, lookup(this.assets, `js/${name}`), 'no-cache');
  }

  @Get('dashboard/:name')
  file(@Param('name') name: string, @Res() res: Response): void {
    this.send(res, lookup(this.assets, name), 'no-cache');
  }

  private send(res: Response, asset: DashboardAsset, cacheControl: string): void {
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', cacheControl);
    res.type(asset.type);
    res.sendFile(asset.file);
  }
}

function lookup(assets: Record<string, DashboardAsset>, name: string): DashboardAsset {
  const asset = Object.prototype.hasOwnProperty.call(assets, name) ? assets[name] : undefined;
  if (!asset) throw new NotFoundException(`no dashboard file '${name}'`);
  return asset;
}

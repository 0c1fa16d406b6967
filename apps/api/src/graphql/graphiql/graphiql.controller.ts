import { Controller, Get, Header, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { API_CONFIG } from '../../config/api-config.token';
import type { ApiConfig } from '../../config/api.config';
import { GRAPHIQL_ASSETS, graphiqlInitScript, graphiqlPage } from './graphiql-assets';

/** Offline GraphiQL at /graphiql (Apollo's landing page is disabled: it loads from a CDN). */
@Controller('graphiql')
export class GraphiqlController {
  constructor(@Inject(API_CONFIG) private readonly config: ApiConfig) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  page(): string {
    return graphiqlPage('/graphiql/assets');
  }

  @Get('assets/graphiql-init.js')
  @Header('content-type', 'application/javascript; charset=utf-8')
  init(): string {
    return graphiqlInitScript(this.config.GRAPHQL_PATH);
  }

  @Get('assets/:name')
  asset(@Param('name') name: string, @Res() res: Response): void {
    const asset = Object.prototype.hasOwnProperty.call(GRAPHIQL_ASSETS, name) ? GRAPHIQL_ASSETS[name] : undefined;
    if (!asset) throw new NotFoundException(`no GraphiQL asset '${name}'`);
    res.type(asset.type);
    res.setHeader('cache-control', 'public, max-age=86400');
    res.sendFile(asset.file);
  }
}

import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Body, Controller, Module, Post, type OnApplicationShutdown } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { useJsonBodyLimits } from './bootstrap';
import { listenHttpApp, type RequestFront } from './http-front';

@Controller()
class EchoController {
  @Post('echo')
  echo(@Body() body: { text: string }): { text: string } {
    return { text: body.text };
  }
}

const shutdowns: string[] = [];

@Module({ controllers: [EchoController] })
class EchoModule implements OnApplicationShutdown {
  onApplicationShutdown(): void {
    shutdowns.push('echo');
  }
}

/** Answers `/front` itself; reads a body it does not answer and pushes it back, as the response cache does. */
const front: RequestFront = (req, res, next) => {
  if (req.url === '/front') return res.writeHead(200, { 'content-type': 'text/plain' }).end('from the front');
  req.once('readable', () => {
    const chunk = req.read() as Buffer | null;
    if (chunk) req.unshift(chunk);
    next();
  });
};

describe(listenHttpApp.name, () => {
  let app: NestExpressApplication;
  let server: Server;
  let base: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(EchoModule, { logger: false });
    useJsonBodyLimits(app, { defaultBytes: 1_024 });
    server = await listenHttpApp(app, 0, '127.0.0.1', front);
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  it('lets the front answer without Express (no header of Express on the answer)', async () => {
    const response = await fetch(`${base}/front`, { method: 'POST' });

    expect(await response.text()).toBe('from the front');
    expect(response.headers.get('x-powered-by')).toBeNull();
  });

  it('hands everything else to the app, body and body limit intact', async () => {
    const post = (text: string) =>
      fetch(`${base}/echo`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text }),
      });

    const echoed = await post('hello');
    expect(echoed.headers.get('x-powered-by')).toBe('Express');
    expect(await echoed.json()).toEqual({ text: 'hello' });
    // {"text":"xxx..."}: 11 bytes of JSON around 1,014 characters = 1,025 bytes, one over 1,024
    expect((await post('x'.repeat(1_014))).status).toBe(413);
  });

  it('gives the adapter its server, so upgrades and app.close() reach it', async () => {
    expect(app.get(HttpAdapterHost).httpAdapter.getHttpServer()).toBe(server);

    await app.close();

    expect(server.listening).toBe(false);
    expect(shutdowns).toEqual(['echo']);
  });
});

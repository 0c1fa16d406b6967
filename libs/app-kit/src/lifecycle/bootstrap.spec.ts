import { Body, Controller, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { BaseAppConfig } from '../config/base-app.config';
import { LoggingModule } from '../logging/logging.module';
import { bootstrapHttpApp, useJsonBodyLimits } from './bootstrap';
import { applyHeapGrowth } from './heap-growth';

// V8 flags are the whole process's: this file checks the call, the heap growth spec what it does.
jest.mock('./heap-growth', () => ({ applyHeapGrowth: jest.fn() }));

@Controller()
class EchoController {
  @Post('graphql')
  graphql(@Body() body: { query: string }): { length: number } {
    return { length: body.query.length };
  }

  @Post('intake/samples')
  intake(@Body() body: { samples: unknown[] }): { count: number } {
    return { count: body.samples.length };
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe(useJsonBodyLimits.name, () => {
  let app: NestExpressApplication;
  let base: string;

  beforeAll(async () => {
    app = await NestFactory.create<NestExpressApplication>(EchoModule, { logger: false });
    useJsonBodyLimits(app, { defaultBytes: 1_024, routes: [{ pathPrefix: '/intake/', bytes: 64 * 1_024 }] });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());

  const post = (path: string, body: unknown) =>
    fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('refuses a body over the default limit with 413', async () => {
    // {"query":"xxx..."}: 12 bytes of JSON around 1,013 characters = 1,025 bytes, one over 1,024
    expect((await post('/graphql', { query: 'x'.repeat(1_013) })).status).toBe(413);
    expect(await (await post('/graphql', { query: 'x'.repeat(1_012) })).json()).toEqual({ length: 1_012 });
  });

  it('lets the intake route take its larger batches', async () => {
    // 5,000 samples of {"v":1} with commas: about 40 kB, within 64 kB and far over 1 kB
    const response = await post('/intake/samples', { samples: Array.from({ length: 5_000 }, () => ({ v: 1 })) });
    expect(await response.json()).toEqual({ count: 5_000 });
  });
});

@Module({ imports: [LoggingModule.forRoot('silent')] })
class QuietModule {}

describe(bootstrapHttpApp.name, () => {
  it("applies the config's heap growth before it builds the app", async () => {
    const config = Object.assign(new BaseAppConfig(), { PORT: 0, HOST: '127.0.0.1', HEAP_GROWTH_PERCENT: 37 });
    const app = await bootstrapHttpApp(QuietModule, config);
    try {
      expect(applyHeapGrowth).toHaveBeenCalledWith(37);
    } finally {
      await app.close();
    }
  });
});

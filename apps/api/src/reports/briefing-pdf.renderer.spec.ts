import { BscError, BscErrorCode } from '@bsc/common';
import { ApiConfig } from '../config/api.config';
import { BriefingPdfRenderer } from './briefing-pdf.renderer';

describe(BriefingPdfRenderer.name, () => {
  it('answers UNAVAILABLE naming the browser when Chromium is not where CHROMIUM_PATH says', async () => {
    const sut = new BriefingPdfRenderer(Object.assign(new ApiConfig(), { CHROMIUM_PATH: '/nonexistent/chromium' }));

    const error = await sut
      .render('http://127.0.0.1:9/briefing', { kind: 'apiKey', secret: 'k' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(BscError);
    expect((error as BscError).code).toBe(BscErrorCode.Unavailable);
    expect((error as BscError).message).toMatch(/^briefing book: Chromium at \/nonexistent\/chromium did not start \(/);
  });
});

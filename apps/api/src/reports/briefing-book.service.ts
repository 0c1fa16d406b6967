import { Inject, Injectable } from '@nestjs/common';
import { ACTIVE_MODEL, type ActiveModel } from '@bsc/app-kit';
import { BscError, BscErrorCode } from '@bsc/common';
import { FiscalCalendar } from '@bsc/kpi';
import type { Principal } from '../auth/principal';
import { assertUnitVisible } from '../auth/unit-scope';
import { CommentaryService } from '../commentary/commentary.service';
import { newApiContext } from '../graphql/api-context';
import { ScorecardService } from '../scorecard/scorecard.service';
import { TwinIndexService } from '../twin/twin-index.service';
import { kpiTableCsv } from './briefing-book.csv';
import { BriefingPdfRenderer, type BriefingCredential } from './briefing-pdf.renderer';

export interface BriefingRequest {
  unit: string;
  /** A period key of the model's calendar ("2026-11", "FY2026-Q3"): the book shows the period's end, or now. */
  period: string;
}

/** The briefing book of a unit for a period: the dashboard's print page as PDF, and the KPI table as CSV. */
@Injectable()
export class BriefingBookService {
  constructor(
    @Inject(ACTIVE_MODEL) private readonly activeModel: ActiveModel,
    private readonly twin: TwinIndexService,
    private readonly scorecards: ScorecardService,
    private readonly commentary: CommentaryService,
    private readonly renderer: BriefingPdfRenderer,
  ) {}

  async csv(principal: Principal, request: BriefingRequest, now = Date.now()): Promise<string> {
    const asOf = this.instant(principal, request, now);
    const card = await this.scorecards.scorecard(newApiContext(principal), principal, {
      unit: request.unit,
      ...(asOf === undefined ? {} : { period: request.period }),
    });
    const notes = await this.commentary.forUnit(principal, { unit: request.unit, asOf }, now);
    return kpiTableCsv(card, notes);
  }

  /** `baseUrl`: where this API answers for the browser started here (its own listening socket). */
  pdf(
    principal: Principal,
    credential: BriefingCredential,
    baseUrl: string,
    request: BriefingRequest,
    now = Date.now(),
  ): Promise<Buffer> {
    const asOf = this.instant(principal, request, now);
    const query = new URLSearchParams({ unit: request.unit, period: request.period });
    if (asOf !== undefined) query.set('asOf', new Date(asOf).toISOString());
    return this.renderer.render(`${baseUrl}/briefing?${query.toString()}`, credential);
  }

  /**
   * The instant the book shows: the end of a past period (time travel, as known then), undefined while the period
   * runs (the live scorecard, forecasts included). Checks the unit is the caller's.
   */
  private instant(principal: Principal, request: BriefingRequest, now: number): number | undefined {
    assertUnitVisible(principal, this.twin.current(), request.unit, 'unit');
    if (!this.twin.current().units.has(request.unit))
      throw new BscError(BscErrorCode.NotFound, `unit: no org unit '${request.unit}'`, 'unit');
    const period = new FiscalCalendar(this.activeModel.current().model.calendar).tryParsePeriodKey(request.period);
    if (!period)
      throw new BscError(
        BscErrorCode.BadInput,
        `period: '${request.period}' is not a period key like 2026-11, 2026-W47 or FY2026-Q3`,
        'period',
      );
    return period.end <= now ? period.end - 1 : undefined;
  }
}

import { ordersAndDeliveryModel, sellToDeliverLink } from '../test-support/scorecard-items.builder';
import { novemberBaseline } from '../test-support/what-if-november.builder';
import { simulateWhatIf } from './what-if-simulation';

const baselines = new Map([
  ['orders', novemberBaseline('orders', 300)],
  ['otd', novemberBaseline('otd', 94)],
]);

describe('simulateWhatIf: a link slope drawn from its sampling distribution', () => {
  it("draws a slope measured on 20 points from Student's t with 18 degrees of freedom", () => {
    // +10 orders = 1 sd of sell; deliver moves by the slope drawn, otd by 4 times it (scale 4). The slope is a
    // least-squares one on 20 points: (b - beta) / se ~ t with 20 - 2 df, so the 80 % interval of the steady effect
    // is 4 (0.5 -/+ 0.1 qt(0.9, 18)) = 4 (0.5 -/+ 0.1 * 1.330391) = [1.467844, 2.532156] (R: qt(0.9, 18)); a normal
    // draw would give 4 (0.5 -/+ 0.1 * 1.281552) = [1.487379, 2.512621]. Half-widths 0.532156 vs 0.512621; Monte
    // Carlo sd of the half-width over 20000 draws: 0.4 sqrt(0.09 / 20000) / dt(1.33, 18) / sqrt(2) = 0.0037.
    const link = { ...sellToDeliverLink(), slopeStdError: 0.1, points: 20 };
    const sut = simulateWhatIf(
      { model: ordersAndDeliveryModel(), baselines, links: [link] },
      { drivers: [{ kind: 'kpi', id: 'orders', change: 'absolute', value: 10 }], draws: 20_000, seed: 3 },
    );
    const steady = sut.kpis.find((k) => k.kpiId === 'otd')!.steadyStateEffect;
    expect(Math.abs((steady.upper80 - steady.lower80) / 2 - 0.532156)).toBeLessThan(0.008);
  });
});

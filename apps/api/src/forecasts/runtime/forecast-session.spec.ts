import { TwinModelBuilder } from '@bsc/twin';
import type { DataSource } from 'typeorm';
import { emptyForecastMemo } from '../job/forecast-memo';
import type { ComputedForecasts, ComputeForecastsInput } from './compute-forecasts';
import { ForecastSession } from './forecast-session';

describe(ForecastSession.name, () => {
  const model = TwinModelBuilder.minimal().buildValid();

  /** A job that only opens the session's connection and says which one it got. */
  function recordingCompute() {
    const sources: DataSource[] = [];
    const compute = async (input: ComputeForecastsInput): Promise<ComputedForecasts> => {
      sources.push(await input.connection!.get());
      return { forecasts: [], memo: emptyForecastMemo() } as unknown as ComputedForecasts;
    };
    return { compute, sources };
  }

  it('hands its jobs one kept connection, and closes it when it is closed', async () => {
    const { compute, sources } = recordingCompute();
    const sut = new ForecastSession({ sqlitePath: ':memory:' }, model, compute);

    await sut.run({ kind: 'cycle', now: 0, kpiIds: ['a'] });
    await sut.run({ kind: 'cycle', now: 0, kpiIds: ['b'] });
    await sut.close();

    expect(sources).toHaveLength(2);
    expect(sources[1]).toBe(sources[0]);
    expect(sources[0].isInitialized).toBe(false);
  });

  it('opens a new connection for a job after it was closed', async () => {
    const { compute, sources } = recordingCompute();
    const sut = new ForecastSession({ sqlitePath: ':memory:' }, model, compute);
    await sut.run({ kind: 'cycle', now: 0 });
    await sut.close();

    await sut.run({ kind: 'cycle', now: 0 });

    expect(sources[1]).not.toBe(sources[0]);
    expect(sources[1].isInitialized).toBe(true);
    await sut.close();
  });
});

import type { INestApplication } from '@nestjs/common';
import type { Singletons } from '@bsc/app-kit';
import { AlertRepository, KpiValueRepository, openDataSource, SampleRepository } from '@bsc/persistence';
import { AlertRuntimeService } from '../../../apps/ingestion/src/alerts/alert-runtime.service';
import { AlertsRuntimeModule } from '../../../apps/ingestion/src/alerts/alerts-runtime.module';
import { alertTestModel } from '../../../apps/ingestion/src/alerts/testing/alert-test-model';
import { WonElection } from '../../../apps/ingestion/src/alerts/testing/won-election';
import { KpiFeedService } from '../../../apps/ingestion/src/kpi/kpi-feed.service';
import { clockPast, lineGoodSample } from '../../../apps/ingestion/src/kpi/testing/kpi-feed-harness';
import { PipelineModule } from '../../../apps/ingestion/src/pipeline/pipeline.module';
import { coreInfraImports, testConfig, useRestartedApps } from './support/ingestion-harness';
import { eventually } from '../../support';

const RULES = JSON.stringify([{ id: 'status-change', kind: 'status_change', kpis: ['quality'] }]);
/** quality = avg(line1.good, period): target 95, off target from 90. */
const model = alertTestModel();

describe('the KPI feed and the alert runtime at start (the ingestion modules on SQLite)', () => {
  const apps = useRestartedApps();

  /**
   * The pipeline (KPI feed) and the alert runtime, imported in the ingestion app's order; scaled out when given the
   * election of the alert evaluation.
   */
  async function boot(alerts: boolean, checkpoints: boolean, election?: Singletons): Promise<INestApplication> {
    const config = testConfig({
      KPI_REPLAY_ON_START: true,
      KPI_CHECKPOINT_INTERVAL_S: checkpoints ? 3_600 : 0,
      SAMPLE_IMPORT_POLL_INTERVAL_S: 0,
      ALERTS_ENABLED: alerts,
      ALERT_RULES: RULES,
      ALERT_MQTT_TOPIC_PREFIX: '',
    });
    return apps.boot([
      ...coreInfraImports(model, apps.sqlitePath, { singletons: election }),
      PipelineModule.register(config),
      AlertsRuntimeModule,
    ]);
  }

  /** A sample stored and handed to the feed as the pipeline does; returns its receipt time. */
  async function live(app: INestApplication, ts: number, value: number): Promise<number> {
    const receivedAt = Date.now();
    const sample = lineGoodSample(ts, value);
    await app.get(SampleRepository).insertBatch([sample], receivedAt);
    app.get(KpiFeedService).samplesStored([{ ...sample, receivedAt }]);
    await clockPast(receivedAt);
    return receivedAt;
  }

  /**
   * A run that stored 96 (its revision written) and then 80, and stopped before the revision of the new average
   * was written: the revisions recorded from the receipt of 80 on are gone, as a crash leaves them.
   */
  async function crashedRun(checkpoints: boolean): Promise<void> {
    const app = await boot(false, checkpoints);
    // two samples of this month, a millisecond apart in time
    const now = Date.now();
    await live(app, now - 2, 96);
    const revisions = app.get(KpiValueRepository);
    const written = await eventually(async () => (await revisions.newestRecordedAt()) ?? 0);
    await clockPast(written);
    const lost = await live(app, now - 1, 80);
    // the checkpoint case: the stop's checkpoint (written by close) holds 80, the revisions do not
    await apps.stop(app);
    const dataSource = await openDataSource({ sqlitePath: apps.sqlitePath });
    await dataSource.query('DELETE FROM kpi_value_revision WHERE recorded_at >= ?', [lost]);
    await dataSource.destroy();
  }

  it.each([
    // the replay reads up to the newest revision; 80, received later, goes through the live path at start
    { start: 'replay', checkpoints: false, elected: 'no' },
    // the checkpoint holds 80: the periods after it are published at once
    { start: 'checkpoint', checkpoints: true, elected: 'no' },
    // scaled out, the evaluation starts once this replica wins it: after the feed's start published
    { start: 'replay', checkpoints: false, elected: 'won when asked' },
    // ... or later, once the revision of what the start published is written (the stored values hold 88)
    { start: 'checkpoint', checkpoints: true, elected: 'won after the revision is written' },
  ] as const)(
    'the runtime judges what the feed publishes at start for periods whose revisions the stop lost ($start, elected: $elected)',
    async ({ checkpoints, elected }) => {
      await crashedRun(checkpoints);

      let win = (): void => undefined;
      const won =
        elected === 'won after the revision is written'
          ? new Promise<void>((resolve) => {
              win = () => resolve();
            })
          : undefined;
      const election = elected === 'no' ? undefined : new WonElection(won);
      const app = await boot(true, checkpoints, election);
      const revisions = app.get(KpiValueRepository);
      if (won) {
        await eventually(async () => (await revisions.latestPeriods(['quality'], 1))[0]?.value === 88);
        win();
      }
      await election?.started;

      // the month's average republished at start: (96 + 80) / 2 = 88, below 90: off target, one critical alert
      const alerts = app.get(AlertRepository);
      await app.get(AlertRuntimeService).whenIdle();
      await eventually(async () => (await alerts.list({})).length > 0, 5_000);
      const raised = await alerts.list({});
      expect(raised.map((a) => [a.rule, a.kpiId, a.severity, a.message])).toEqual([
        ['status-change', 'quality', 'critical', 'First-pass quality is off target: 88 % against a target of 95 %'],
      ]);
      // and the revision the stop lost is written again (within the revisions' flush interval)
      await eventually(async () => (await revisions.latestPeriods(['quality'], 1))[0]?.value === 88);
    },
  );
});

import { InitialSchema1795362000000 } from './1795362000000-InitialSchema';
import { SampleImportWatermark1796200000000 } from './1796200000000-SampleImportWatermark';
import { SampleTextAndStatus1796400000000 } from './1796400000000-SampleTextAndStatus';
import { TwinGraphEdgesFromTwinGraph1796700000000 } from './1796700000000-TwinGraphEdgesFromTwinGraph';
import { DeadLetterPayloadBytes1797100000000 } from './1797100000000-DeadLetterPayloadBytes';
import { PeriodCommentaryAndBudgetActual1797500000000 } from './1797500000000-PeriodCommentaryAndBudgetActual';
import { WhatIfScenarios1797700000000 } from './1797700000000-WhatIfScenarios';
import { SignalRollups1798200000000 } from './1798200000000-SignalRollups';
import { PartitionedSamples1798200100000 } from './1798200100000-PartitionedSamples';
import { KpiDailyValues1798400000000 } from './1798400000000-KpiDailyValues';
import { WriteFence1798500000000 } from './1798500000000-WriteFence';
import { Anomalies1799000000000 } from './1799000000000-Anomalies';
import { KpiCheckpoints1799100000000 } from './1799100000000-KpiCheckpoints';
import { OneSampleReceivedIndex1799800000000 } from './1799800000000-OneSampleReceivedIndex';
import { KpiDailyCheckpoint1799900000000 } from './1799900000000-KpiDailyCheckpoint';
import { AnomalyPlanned1800001000000 } from './1800001000000-AnomalyPlanned';
import { BrinSampleReceivedIndex1800400000000 } from './1800400000000-BrinSampleReceivedIndex';
import { SignalRollupFold1800520000000 } from './1800520000000-SignalRollupFold';
import { MinuteRollupsFromSamples1800600000000 } from './1800600000000-MinuteRollupsFromSamples';
import { DeadLetterOriginKey1800700000000 } from './1800700000000-DeadLetterOriginKey';
import { ForecastStructures1800800000000 } from './1800800000000-ForecastStructures';
import { ForecastComputedAtIndexes1800900000000 } from './1800900000000-ForecastComputedAtIndexes';
import { TargetOverrideHistory1801000000000 } from './1801000000000-TargetOverrideHistory';
import { InitiativeStateHistory1801100000000 } from './1801100000000-InitiativeStateHistory';
import { IdempotencyKeys1801200000000 } from './1801200000000-IdempotencyKeys';
import { AnomalyDetectedAtIndex1801300000000 } from './1801300000000-AnomalyDetectedAtIndex';

/** In order of application; listed explicitly so ts, compiled js and jest all find them. */
export const PERSISTENCE_MIGRATIONS = [
  InitialSchema1795362000000,
  SampleImportWatermark1796200000000,
  SampleTextAndStatus1796400000000,
  TwinGraphEdgesFromTwinGraph1796700000000,
  DeadLetterPayloadBytes1797100000000,
  PeriodCommentaryAndBudgetActual1797500000000,
  WhatIfScenarios1797700000000,
  SignalRollups1798200000000,
  PartitionedSamples1798200100000,
  KpiDailyValues1798400000000,
  WriteFence1798500000000,
  Anomalies1799000000000,
  KpiCheckpoints1799100000000,
  OneSampleReceivedIndex1799800000000,
  KpiDailyCheckpoint1799900000000,
  AnomalyPlanned1800001000000,
  BrinSampleReceivedIndex1800400000000,
  SignalRollupFold1800520000000,
  MinuteRollupsFromSamples1800600000000,
  DeadLetterOriginKey1800700000000,
  ForecastStructures1800800000000,
  ForecastComputedAtIndexes1800900000000,
  TargetOverrideHistory1801000000000,
  InitiativeStateHistory1801100000000,
  IdempotencyKeys1801200000000,
  AnomalyDetectedAtIndex1801300000000,
] as const;

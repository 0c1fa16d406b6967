export { LeaseConflictError } from './lease/lease-store';
export type { LeaseEntry, LeaseStore } from './lease/lease-store';
export { MemoryLeaseStore } from './lease/memory-lease-store';
export { DEFAULT_LEASE_BUCKET, JetStreamLeaseStore } from './lease/jetstream-lease-store';
export type { JetStreamLeaseStoreOptions } from './lease/jetstream-lease-store';
export { LeaseKeeper } from './lease/lease-keeper';
export type {
  ContendOptions,
  LeaseHandle,
  LeaseHandlers,
  LeaseKeeperOptions,
  LeaseLossReason,
  LeaseSet,
} from './lease/lease-keeper';
export {
  decodeRebuild,
  decodeSample,
  encodeRebuild,
  encodeSample,
  forwardedMessageId,
  LogEntryError,
  rebuildMessageId,
  sampleMessageId,
} from './sample-log/sample-codec';
export type { LoggedSample, RebuildMarker } from './sample-log/sample-codec';
export {
  DEFAULT_SAMPLE_STREAM,
  JetStreamSampleLog,
  LOG_ENTRY_HEADER,
  SAMPLE_SUBJECT_PREFIX,
  partitionSubject,
} from './sample-log/jetstream-sample-log';
export type { AppendResult, LogEntryKind, SampleLogOptions, SampleRelay } from './sample-log/jetstream-sample-log';
export { PartitionConsumers, partitionConsumerName, partitionLeaseName } from './partitions/partition-consumers';
export type { PartitionConsumerOptions, StuckPartition } from './partitions/partition-consumers';
export { INVALID_LOG_ENTRY } from './partitions/partition-handler';
export type { PartitionHandler, RejectedEntry, RelayedEntries } from './partitions/partition-handler';

import type { DataSource } from 'typeorm';
import type { PersistenceConfig } from './data-source-options';
import { openDataSource } from './open-data-source';

type Open = (cfg: PersistenceConfig) => Promise<DataSource>;

/**
 * A connection kept for a series of jobs (a forecast worker's batches), opened at the first use and again once it
 * was closed or its opening failed, never migrating (the app's own connection did). A fresh PostgreSQL connection
 * costs a server process and its catalog caches: about 8 ms of server and 6 ms of client CPU, where the queries of a
 * small job cost 2. The pool's idle clients still close after its idle timeout, so a kept source holds no
 * connection between runs minutes apart.
 */
export class KeptDataSource {
  private opening: Promise<DataSource> | null = null;

  constructor(
    private readonly cfg: PersistenceConfig,
    private readonly open: Open = (cfg) => openDataSource(cfg, { migrate: false }),
  ) {}

  async get(): Promise<DataSource> {
    const kept = this.opening && (await this.opening.catch(() => null));
    if (kept?.isInitialized) return kept;
    const opening = this.open(this.cfg);
    this.opening = opening;
    // a failed opening is not kept: the next job tries again
    opening.catch(() => this.opening === opening && (this.opening = null));
    return opening;
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    const dataSource = opening && (await opening.catch(() => null));
    if (dataSource?.isInitialized) await dataSource.destroy();
  }
}

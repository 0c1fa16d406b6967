import { DataSource, In, LessThanOrEqual } from 'typeorm';
import { PeriodCommentaryEntity } from '../entities/period-commentary.entity';
import type {
  CommentaryKey,
  CommentarySubjectKind,
  NewPeriodCommentary,
  PeriodCommentary,
} from './period-commentary.types';

function toPeriodCommentary(e: PeriodCommentaryEntity): PeriodCommentary {
  return {
    id: String(e.id),
    subjectKind: e.subjectKind as CommentarySubjectKind,
    subjectId: e.subjectId,
    periodKey: e.periodKey,
    analysis: e.analysis,
    actions: e.actions,
    author: e.author,
    recordedAt: e.recordedAt,
  };
}

const keyOf = (k: CommentaryKey): string => `${k.subjectKind}\u0000${k.subjectId}\u0000${k.periodKey}`;

/** Versioned period commentary: saving appends, reading picks the newest version known at a time. */
export class PeriodCommentaryRepository {
  constructor(private readonly dataSource: DataSource) {}

  async append(input: NewPeriodCommentary): Promise<PeriodCommentary> {
    const repo = this.dataSource.getRepository(PeriodCommentaryEntity);
    const saved = await repo.save(repo.create({ ...input, recordedAt: input.recordedAt ?? Date.now() }));
    return toPeriodCommentary(saved);
  }

  /**
   * The newest version of each key recorded at or before `knownAt` (omitted: now); keys without one are absent.
   * Ties on recorded_at go to the later insert.
   */
  async latest(keys: readonly CommentaryKey[], knownAt?: number): Promise<PeriodCommentary[]> {
    if (keys.length === 0) return [];
    const wanted = new Set(keys.map(keyOf));
    const rows = await this.dataSource.getRepository(PeriodCommentaryEntity).find({
      where: {
        subjectId: In([...new Set(keys.map((k) => k.subjectId))]),
        periodKey: In([...new Set(keys.map((k) => k.periodKey))]),
        ...(knownAt === undefined ? {} : { recordedAt: LessThanOrEqual(knownAt) }),
      },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
    const newest = new Map<string, PeriodCommentaryEntity>();
    for (const row of rows) {
      const key = keyOf(toPeriodCommentary(row));
      if (wanted.has(key)) newest.set(key, row);
    }
    return [...newest.values()].map(toPeriodCommentary);
  }

  /** Every version of one subject's commentary for a period, oldest first. */
  async versions(key: CommentaryKey): Promise<PeriodCommentary[]> {
    const rows = await this.dataSource
      .getRepository(PeriodCommentaryEntity)
      .find({ where: { ...key }, order: { recordedAt: 'ASC', id: 'ASC' } });
    return rows.map(toPeriodCommentary);
  }
}

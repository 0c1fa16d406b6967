export type CommentarySubjectKind = 'kpi' | 'objective';

/** One saved version of the commentary on a KPI or objective for a period. */
export interface PeriodCommentary {
  id: string;
  subjectKind: CommentarySubjectKind;
  subjectId: string;
  periodKey: string;
  analysis: string;
  actions: string;
  /** Display name of the author. */
  author: string;
  /** When this version was saved: the axis of time travel. */
  recordedAt: number;
}

export type NewPeriodCommentary = Omit<PeriodCommentary, 'id' | 'recordedAt'> & { recordedAt?: number };

/** Which commentary to read: a subject in a period. */
export interface CommentaryKey {
  subjectKind: CommentarySubjectKind;
  subjectId: string;
  periodKey: string;
}

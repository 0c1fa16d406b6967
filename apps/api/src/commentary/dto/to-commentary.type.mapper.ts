import type { CommentaryRecord } from '../../stores/commentary.store';
import type { CommentaryType } from './commentary.types';

export function toCommentaryType(record: CommentaryRecord): CommentaryType {
  return {
    id: record.id,
    subjectKind: record.subjectKind,
    subjectId: record.subjectId,
    periodKey: record.periodKey,
    analysis: record.analysis,
    actions: record.actions,
    author: record.author,
    recordedAt: new Date(record.recordedAt),
  };
}

import type { ValueTransformer } from 'typeorm';

/** pg returns BIGINT as a string (it may exceed 2^53); our epoch-ms values never do, so read them as numbers. */
export const epochMsTransformer: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null): number | null =>
    value === null || value === undefined ? null : Number(value),
};

/** Other BIGINT columns whose values stay below 2^53 (status codes are 32 bits), null kept. */
export const nullableNumberTransformer: ValueTransformer = epochMsTransformer;

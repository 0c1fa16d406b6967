import { INTAKE_JSON_BODY_BYTES } from '@bsc/app-kit';

/** The sample intake takes batches of up to INTAKE_MAX_SAMPLES (10,000 by default, about 1 MB); other routes stay small. */
export const INTAKE_BODY_LIMIT = { pathPrefix: '/intake/', bytes: INTAKE_JSON_BODY_BYTES } as const;

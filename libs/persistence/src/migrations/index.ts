import { InitialSchema1795362000000 } from './1795362000000-InitialSchema';
import { SampleTextAndStatus1796400000000 } from './1796400000000-SampleTextAndStatus';

/** In order of application; listed explicitly so ts, compiled js and jest all find them. */
export const PERSISTENCE_MIGRATIONS = [InitialSchema1795362000000, SampleTextAndStatus1796400000000] as const;

import { InitialSchema1795362000000 } from './1795362000000-InitialSchema';
import { SampleImportWatermark1796200000000 } from './1796200000000-SampleImportWatermark';

/** In order of application; listed explicitly so ts, compiled js and jest all find them. */
export const PERSISTENCE_MIGRATIONS = [InitialSchema1795362000000, SampleImportWatermark1796200000000] as const;

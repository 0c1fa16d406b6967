// What the integration harnesses and specs share; each harness keeps only what boots its own app.
export { eventually } from './eventually';
export { metricValue } from './metric-value';
export { MOSQUITTO_URL } from './mosquitto';
export { START_TIMEOUT_MS, trackOpen } from './open-resources';
export { tempSqlitePath } from './temp-sqlite-path';
export { uniqueId } from './unique-id';

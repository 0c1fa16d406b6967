// Loaded with `node --require` into the spawned apps: their wall clock starts at GOLDEN_CLOCK_START (ISO-8601)
// and runs on from there, so "now" (to-date targets, staleness, receipt times) is the scenario's, not the machine's.
// Timers keep their real durations (they do not read Date).
'use strict';
const start = Date.parse(process.env.GOLDEN_CLOCK_START ?? '');
if (Number.isFinite(start)) {
  const RealDate = Date;
  const offset = start - RealDate.now();
  class ShiftedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(RealDate.now() + offset);
      else super(...args);
    }
    static now() {
      return RealDate.now() + offset;
    }
  }
  globalThis.Date = ShiftedDate;
}

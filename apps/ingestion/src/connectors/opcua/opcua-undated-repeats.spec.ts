import { UndatedRepeats } from './opcua-undated-repeats';

/**
 * OPC UA Part 4 7.22.2 DataChangeFilter: with trigger STATUS_VALUE_TIMESTAMP a notification is sent when the status,
 * the value or the source timestamp changes (STATUS_VALUE: status or value); 5.12.1.2: a new MonitoredItem first
 * reports the current value. A notification without a source timestamp and with the last value and status is
 * therefore no change: it is the current value re-sent because the item was created again (after a reconnect or a
 * model change), stamped with a new server timestamp, and stored it would be a second reading of one value.
 */
describe(UndatedRepeats.name, () => {
  const sample = (value: unknown, quality: 'good' | 'bad' = 'good', statusCode?: number) => ({
    signalId: 'line1.counter',
    value,
    quality,
    ...(statusCode !== undefined && { statusCode }),
  });

  it('passes over the current value an item re-created sends again without a source timestamp', () => {
    const sut = new UndatedRepeats();
    // 10:00 value 5 (server time), item re-created at 10:05: value 5 again, then 6 at 10:06 and 5 at 10:07
    expect(sut.isRepeat(sample(5), false)).toBe(false);
    expect(sut.isRepeat(sample(5), false)).toBe(true);
    expect(sut.isRepeat(sample(6), false)).toBe(false);
    expect(sut.isRepeat(sample(5), false)).toBe(false);
  });

  it('takes a change of status alone as a change', () => {
    const sut = new UndatedRepeats();
    expect(sut.isRepeat(sample(5), false)).toBe(false);
    expect(sut.isRepeat(sample(5, 'bad', 0x808c0000), false)).toBe(false);
    expect(sut.isRepeat(sample(5, 'bad', 0x808c0000), false)).toBe(true);
  });

  it('leaves samples with a source timestamp to the pipeline (a repeat has their time, so it is a duplicate)', () => {
    const sut = new UndatedRepeats();
    expect(sut.isRepeat(sample(5), true)).toBe(false);
    expect(sut.isRepeat(sample(5), true)).toBe(false);
    // a dated sample ends a run of undated ones: a source timestamp that goes away is a change the trigger reports
    expect(sut.isRepeat(sample(5), false)).toBe(false);
    expect(sut.isRepeat(sample(5), true)).toBe(false);
    expect(sut.isRepeat(sample(5), false)).toBe(false);
  });

  it('tells DateTime values apart to the millisecond', () => {
    const sut = new UndatedRepeats();
    expect(sut.isRepeat(sample(new Date(1_000)), false)).toBe(false);
    expect(sut.isRepeat(sample(new Date(1_001)), false)).toBe(false);
  });

  it('forgets a signal whose item is removed', () => {
    const sut = new UndatedRepeats();
    sut.isRepeat(sample(5), false);
    sut.forget(['line1.counter']);
    expect(sut.isRepeat(sample(5), false)).toBe(false);
  });
});

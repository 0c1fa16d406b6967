import { publishRound, publishSteadily } from './scale-load';

/** A client that records what it is asked to publish and acknowledges at once. */
function recordingClient(): {
  client: Parameters<typeof publishRound>[0];
  sent: Array<{ topic: string; fields: number }>;
} {
  const sent: Array<{ topic: string; fields: number }> = [];
  const client = {
    publishAsync: (topic: string, payload: string) => {
      const fields = Object.keys(JSON.parse(payload) as object).filter((k) => k !== 'ts').length;
      sent.push({ topic, fields });
      return Promise.resolve(undefined);
    },
  } as unknown as Parameters<typeof publishRound>[0];
  return { client, sent };
}

describe('publishRound', () => {
  it('publishes each asset once, so every signal gets exactly one sample', async () => {
    const { client, sent } = recordingClient();
    // 45 signals at 20 per asset: assets a0 and a1 carry 20 fields, a2 the remaining 5 (45 - 2 * 20)
    const samples = await publishRound(client, 'p', 45, 1_000_000);
    expect(sent).toEqual([
      { topic: 'p/a0', fields: 20 },
      { topic: 'p/a1', fields: 20 },
      { topic: 'p/a2', fields: 5 },
    ]);
    expect(samples).toBe(45);
  });
});

describe('publishSteadily', () => {
  it('stops after the given number of messages, going round the assets in turn', async () => {
    const { client, sent } = recordingClient();
    // 40 signals = assets a0 and a1; 3 messages go a0, a1, then a0 again: 3 * 20 samples
    const samples = await publishSteadily(client, 'p', 40, 1_000_000, 60, 3);
    expect(sent.map((m) => m.topic)).toEqual(['p/a0', 'p/a1', 'p/a0']);
    expect(samples).toBe(60);
  });
});

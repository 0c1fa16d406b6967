import { fork } from 'node:child_process';
import { connectAsync } from 'mqtt';

/** Publisher connections: one QoS 1 connection is bounded by the broker's in-flight window and the round trip. */
const PUBLISHER_CONNECTIONS = 4;

export interface PublishJob {
  url: string;
  protocol: 4 | 5;
  topic: string;
  qos: 0 | 1;
  messages: number;
  perMessage: number;
  /** First sample timestamp; sample i of message m has ts = baseTs + m (one ms per message, per signal). */
  baseTs: number;
  seconds: number;
}

/** Publishes as fast as the broker takes it: QoS 1 with a window of unacknowledged messages, QoS 0 by drain. */
async function runPublisher(job: PublishJob): Promise<void> {
  const clients = await Promise.all(
    Array.from({ length: PUBLISHER_CONNECTIONS }, (_, i) =>
      connectAsync(job.url, { clientId: `bench-pub-${process.pid}-${i}`, protocolVersion: job.protocol, clean: true }),
    ),
  );
  const deadline = Date.now() + job.seconds * 1000;
  const window: Array<Promise<unknown>> = [];
  let sent = 0;
  for (let m = 0; m < job.messages && Date.now() < deadline; m++) {
    const payload = payloadFor(job.baseTs + m, job.perMessage, m);
    // QoS 0 from one connection keeps the order simple; QoS 1 spreads over several for a larger window.
    const client = job.qos === 1 ? clients[m % clients.length] : clients[0];
    if (job.qos === 1) {
      window.push(client.publishAsync(job.topic, payload, { qos: 1 }));
      if (window.length >= 2_000) await Promise.all(window.splice(0));
    } else {
      // publish() queues in memory; yield now and then so the socket drains and we measure the broker, not RAM.
      client.publish(job.topic, payload, { qos: 0 });
      if (m % 500 === 499) await new Promise<void>((r) => setImmediate(r));
    }
    sent += 1;
  }
  await Promise.all(window);
  await Promise.all(clients.map((c) => c.endAsync()));
  process.send?.({ sent });
}

export function payloadFor(ts: number, perMessage: number, seq: number): string {
  const fields: string[] = [`"ts":${ts}`];
  for (let s = 0; s < perMessage; s++) fields.push(`"s${s}":${(seq % 97) + s}`);
  return `{${fields.join(',')}}`;
}

/** Runs the publisher in a child process (this file, forked), so it does not share our event loop. */
export function publishInChild(job: PublishJob): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--publisher', JSON.stringify(job)], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let sent = 0;
    child.on('message', (m: { sent: number }) => (sent = m.sent));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(sent) : reject(new Error(`publisher exited with ${code}`))));
  });
}

const publisherArg = process.argv.indexOf('--publisher');
if (require.main === module && publisherArg >= 0) {
  runPublisher(JSON.parse(process.argv[publisherArg + 1]) as PublishJob).then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`publisher failed: ${String(error)}\n`);
      process.exit(1);
    },
  );
}

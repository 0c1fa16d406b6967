import { promisify } from 'node:util';
import { gunzipSync, gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

/**
 * A checkpoint's doubles as stored, gzipped: most summary fields are 0 or repeat, so they shrink several times. On
 * the thread pool: compressing megabytes takes long enough to hold up the samples arriving meanwhile.
 */
export function checkpointBytes(data: Float64Array): Promise<Buffer> {
  return gzipAsync(Buffer.from(data.buffer, data.byteOffset, data.byteLength), { level: 6 });
}

export function checkpointData(bytes: Buffer): Float64Array {
  const raw = gunzipSync(bytes);
  if (raw.byteLength % 8 !== 0) throw new RangeError('checkpoint state is not a whole number of doubles');
  // a copy: the buffer may not be aligned to 8 bytes
  const out = new Float64Array(raw.byteLength / 8);
  new Uint8Array(out.buffer).set(raw);
  return out;
}

import type { SampleQuality } from './signal-sample.types';

const SEVERITY_MASK = 0xc0000000;
const SEVERITY_UNCERTAIN = 0x40000000;

/**
 * OPC UA Part 4 7.34.1: the two top bits of a StatusCode are its severity (00 good, 01 uncertain, 1x bad); bits 15-0
 * are flags. node-opcua's isGood()/isNotGood() compare all 32 bits with 0, so a Good code with flags is not Good there.
 */
export function statusCodeToQuality(statusCode: number): SampleQuality {
  const severity = (statusCode & SEVERITY_MASK) >>> 0;
  if (severity === 0) return 'good';
  if (severity === SEVERITY_UNCERTAIN) return 'uncertain';
  return 'bad';
}

import { statusCodeToQuality } from '@bsc/common';
import type { SignalDataType } from '@bsc/twin';

/** A monitored item that is not delivering what the model declares (node gone, Bad status, value of another type). */
export interface OpcUaItemProblem {
  signalId: string;
  nodeId: string;
  problem: string;
  since: number;
}

/** node-opcua DataType ids (OPC UA Part 6): what a variant of each declared signal type may carry. */
const NUMERIC_VARIANTS: ReadonlySet<number> = new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
const BOOLEAN_VARIANT = 1;
/**
 * Variants a string signal writes as text: Boolean, numbers, String, DateTime, and Guid, XmlElement (node-opcua
 * decodes both as strings), LocalizedText by its text. ByteString, NodeId, QualifiedName, structures have none.
 */
const TEXT_VARIANTS: ReadonlySet<number> = new Set([BOOLEAN_VARIANT, ...NUMERIC_VARIANTS, 12, 13, 14, 16, 21]);
const VARIANT_NAMES: Record<number, string> = {
  0: 'Null',
  1: 'Boolean',
  2: 'SByte',
  3: 'Byte',
  4: 'Int16',
  5: 'UInt16',
  6: 'Int32',
  7: 'UInt32',
  8: 'Int64',
  9: 'UInt64',
  10: 'Float',
  11: 'Double',
  12: 'String',
  13: 'DateTime',
  14: 'Guid',
  15: 'ByteString',
  16: 'XmlElement',
  17: 'NodeId',
  20: 'QualifiedName',
  21: 'LocalizedText',
  22: 'ExtensionObject',
};

export function variantName(dataType: number): string {
  return VARIANT_NAMES[dataType] ?? `DataType ${dataType}`;
}

/** True when a Good value of this variant type can be stored for a signal of the declared type. */
export function variantFits(declared: SignalDataType, variantType: number): boolean {
  if (declared === 'string') return TEXT_VARIANTS.has(variantType);
  if (declared === 'bool') return variantType === BOOLEAN_VARIANT || NUMERIC_VARIANTS.has(variantType);
  return NUMERIC_VARIANTS.has(variantType) || variantType === BOOLEAN_VARIANT;
}

/**
 * Per-item conditions of one endpoint. A change of condition is logged once (and its recovery once), however
 * many notifications repeat it; health lists the items that have a problem now.
 */
export class OpcUaItemHealth {
  private readonly problems = new Map<string, OpcUaItemProblem>();

  constructor(private readonly log: (message: string, recovered: boolean) => void) {}

  /** `problem` undefined: the item delivers as declared. */
  observe(item: { signalId: string; nodeId: string }, problem: string | undefined, now: number): void {
    const current = this.problems.get(item.signalId);
    if (problem === undefined) {
      if (!current) return;
      this.problems.delete(item.signalId);
      this.log(`node ${item.nodeId} (signal ${item.signalId}) delivers again after: ${current.problem}`, true);
      return;
    }
    // the same condition with another status code (BadNodeIdInvalid, then BadNodeIdUnknown after a restart) is no news
    if (current && conditionOf(current.problem) === conditionOf(problem)) return;
    this.problems.set(item.signalId, { signalId: item.signalId, nodeId: item.nodeId, problem, since: now });
    this.log(`node ${item.nodeId} (signal ${item.signalId}) ${problem}`, false);
  }

  forget(signalIds: Iterable<string>): void {
    for (const id of signalIds) this.problems.delete(id);
  }

  list(): OpcUaItemProblem[] {
    return [...this.problems.values()];
  }
}

function conditionOf(problem: string): string {
  const detail = problem.indexOf(' (');
  return detail < 0 ? problem : problem.slice(0, detail);
}

const BAD_NODE_ID_INVALID = 0x80330000;
/** node-opcua's VariantArrayType: Scalar 0, Array 1, Matrix 2. */
const SCALAR = 0;
const ARRAY_SHAPES: Record<number, string | undefined> = { 1: 'array', 2: 'matrix' };
const BAD_NODE_ID_UNKNOWN = 0x80340000;

/** Part 4 7.34.1: the code is bits 31-16; bits 15-0 are flags (structure or semantics changed, info bits). */
const CODE_MASK = 0xffff0000;

function isVanished(status: number): boolean {
  const code = (status & CODE_MASK) >>> 0;
  return code === BAD_NODE_ID_UNKNOWN || code === BAD_NODE_ID_INVALID;
}

export function statusCodeName(statusCode: { value: number; name?: string } | null | undefined): string {
  const value = statusCode?.value ?? 0;
  return statusCode?.name ?? `0x${(value >>> 0).toString(16).padStart(8, '0')}`;
}

/** An item the server refused to (re)create: a node id it does not know is a vanished node. */
export function refusalProblemOf(statusCode: { value: number; name?: string }): string {
  const name = statusCodeName(statusCode);
  return isVanished(statusCode.value) ? `vanished from the server (${name})` : `refused by the server (${name})`;
}

/**
 * What is wrong with an item, judged from one notification: the node is gone, or it delivers a Good/Uncertain
 * value of a type the signal cannot hold (the node was retyped). Other Bad statuses are data (stored as bad samples).
 */
export function itemProblemOf(
  declared: SignalDataType,
  dataValue: {
    value?: { dataType?: number; arrayType?: number } | null;
    statusCode?: { value: number; name?: string } | null;
  },
): string | undefined {
  const status = (dataValue.statusCode?.value ?? 0) >>> 0;
  if (isVanished(status)) return `vanished from the server (${statusCodeName(dataValue.statusCode)})`;
  const bad = statusCodeToQuality(status) === 'bad';
  const variant = dataValue.value?.dataType;
  if (bad || variant === undefined || variant === 0) return undefined;
  // a signal holds one value a sample: an array or matrix (Part 6 5.2.2.16) is another type, whatever its elements
  const shape = ARRAY_SHAPES[dataValue.value?.arrayType ?? SCALAR];
  if (shape) return `changed type: ${variantName(variant)} ${shape} values for a ${declared} signal`;
  if (!variantFits(declared, variant)) return `changed type: ${variantName(variant)} values for a ${declared} signal`;
  return undefined;
}

// GraphQL documents of the engineers' views (twin explorer, data sources); apps/api/schema.gql.
const NODE = 'id kind name unitId source childCount';

export const TWIN_CHILDREN = `query TwinChildren($parentId: ID, $after: String) {
  twinChildren(parentId: $parentId, first: 100, after: $after) {
    totalCount nodes { ${NODE} } pageInfo { hasNextPage endCursor }
  }
}`;

const SAMPLE = 'ts value text quality statusCode source';

export const SIGNAL_DETAIL = `query SignalDetail($id: ID!) {
  signal(id: $id) {
    id name unit dataType kind measures orgUnit source quality
    binding { protocol server nodeId topic jsonPath sparkplugNode metric }
    lastSample { ${SAMPLE} }
  }
}`;

export const SIGNAL_HISTORY = `query SignalHistory($id: ID!, $from: DateTime!, $to: DateTime!, $maxPoints: Int!) {
  signal(id: $id) {
    id unit
    history(from: $from, to: $to, maxPoints: $maxPoints) {
      rawCount bucketMs
      points { ts value }
      buckets { start firstTs first min max lastTs last count }
    }
  }
}`;

const GRAPH = 'nodes { id kind name } edges { from to kind } truncated';

export const KPI_LINEAGE = `query KpiLineage($id: ID!) { lineage(kpiId: $id) { ${GRAPH} } }`;

export const NODE_NEIGHBOURS = `query NodeNeighbours($id: ID!) { twinGraph(rootId: $id, depth: 1) { ${GRAPH} } }`;

export const DATA_SOURCES = `query DataSources {
  dataSources {
    reportedAt reporting
    connectors { id kind state healthy since detail reconnects samplesPerSecond samplesTotal lastSampleAt lagMs }
    pipeline { bufferDepth stalled secondsSinceProgress quarantined }
    deadLetters { source reason count lastAt samples { id receivedAt channel detail payload payloadEncoding } }
  }
}`;

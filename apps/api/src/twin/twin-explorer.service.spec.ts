import { TwinModelBuilder } from '@bsc/twin';
import type { Principal } from '../auth/principal';
import type { ApiConfig } from '../config/api.config';
import { TwinIndex } from './twin-index';
import type { TwinIndexService } from './twin-index.service';
import { TwinExplorerService } from './twin-explorer.service';

const ADMIN: Principal = { subject: 'admin', role: 'admin', units: null, via: 'jwt' };
const PLANT_ONLY: Principal = { subject: 'plant', role: 'viewer', units: ['plant'], via: 'jwt' };

describe(TwinExplorerService.name, () => {
  let sut: TwinExplorerService;
  const ids = (parent: string | null, principal = ADMIN) => sut.children(principal, parent, {}).nodes.map((n) => n.id);

  beforeEach(() => {
    const index = new TwinIndex(TwinModelBuilder.minimal().buildValid(), 1);
    sut = new TwinExplorerService(
      { current: () => index } as unknown as TwinIndexService,
      { GRAPHQL_MAX_PAGE_SIZE: 100 } as ApiConfig,
    );
  });

  // the minimal model: acme > plant > line1 (measured by line1.good) > line1.filler (measured by line1.scrap);
  // output = sum(line1.good), scrap_rate reads line1.scrap and output; output feeds objectives efficient and grow
  it.each([
    [null, ['acme']],
    ['acme', ['plant']],
    ['plant', ['line1']],
    ['line1', ['line1.filler', 'line1.good']],
    ['line1.filler', ['line1.scrap']],
    ['line1.good', ['output']],
    ['line1.scrap', ['scrap_rate']],
    ['output', ['efficient', 'grow']],
    ['efficient', []],
  ])('lists the children of %s', (parent, expected) => {
    expect(ids(parent).sort()).toEqual(expected);
  });

  it('counts children as it lists them', () => {
    expect(sut.childCount(ADMIN, 'line1')).toBe(2);
    expect(sut.childCount(ADMIN, 'efficient')).toBe(0);
  });

  it('leaves out what a scoped caller may not see and answers a hidden parent like a missing one', () => {
    expect(ids(null, PLANT_ONLY)).toEqual(['plant']);
    expect(ids('output', PLANT_ONLY)).toEqual(['efficient']);
    expect(() => sut.children(PLANT_ONLY, 'acme', {})).toThrow("parentId: no node 'acme'");
  });
});

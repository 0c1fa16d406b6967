import { followSimulator } from './simulator-endpoint';

describe(followSimulator.name, () => {
  const sut = followSimulator(4999);

  it.each([
    [
      'the demo endpoint moves with the simulator',
      'opc.tcp://localhost:4840/UA/ACME',
      'opc.tcp://localhost:4999/UA/ACME',
    ],
    ['a loopback address too', 'opc.tcp://127.0.0.1:4840/UA/ACME', 'opc.tcp://127.0.0.1:4999/UA/ACME'],
    ['an endpoint without a port', 'opc.tcp://localhost/UA/ACME', 'opc.tcp://localhost:4999/UA/ACME'],
    ['another host stays', 'opc.tcp://plc.example:4840/UA/ACME', 'opc.tcp://plc.example:4840/UA/ACME'],
    ['another path stays', 'opc.tcp://localhost:4840/UA/Other', 'opc.tcp://localhost:4840/UA/Other'],
  ])('%s', (_case, endpoint, expected) => {
    expect(sut(endpoint)).toBe(expected);
  });
});

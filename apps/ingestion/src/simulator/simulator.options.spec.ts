import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@bsc/app-kit';
import { IngestionConfig } from '../config/ingestion.config';
import { simulatorOptionsFromConfig } from './simulator.options';

describe(simulatorOptionsFromConfig.name, () => {
  it("connects the simulator's MQTT and Sparkplug clients with the broker settings the ingestion uses", () => {
    const ca = join(mkdtempSync(join(tmpdir(), 'bsc-sim-ca-')), 'ca.pem');
    writeFileSync(ca, 'PRIVATE CA');
    const config = loadConfig(IngestionConfig, {
      configDir: '/nonexistent',
      env: {
        BSC_PROFILE: 'test',
        MQTT_URL: 'mqtts://broker.example:8883',
        MQTT_CA_FILE: ca,
        MQTT_USERNAME: 'bsc',
        MQTT_PASSWORD: 's3cret',
        MQTT_PROTOCOL_VERSION: '4',
        MQTT_KEEPALIVE_S: '10',
      },
    });

    const sut = simulatorOptionsFromConfig(config);

    expect(sut.mqttUrl).toBe('mqtts://broker.example:8883');
    // the CA was ignored: a broker with a private CA refused the simulator's TLS handshake
    expect(sut.mqttConnection?.ca).toEqual(Buffer.from('PRIVATE CA'));
    expect(sut.mqttConnection).toMatchObject({
      username: 'bsc',
      password: 's3cret',
      protocolVersion: 4,
      keepalive: 10,
      rejectUnauthorized: true,
    });
  });
});

import { mqttClientOptions, mqttUrl } from './mqtt-client-options';

const base = {
  MQTT_CLIENT_ID: 'bsc-ingestion',
  MQTT_SESSION_EXPIRY_S: 86_400,
  MQTT_RECEIVE_MAXIMUM: 100,
  MQTT_EMBEDDED_PORT: 1884,
};

describe(mqttClientOptions.name, () => {
  it('uses MQTT 5 with a persistent session on a real broker', () => {
    const sut = mqttClientOptions({ ...base, MQTT_URL: 'mqtt://broker:1883' }, '-x');
    expect(sut).toMatchObject({
      protocolVersion: 5,
      clean: false,
      clientId: 'bsc-ingestion-x',
      properties: { sessionExpiryInterval: 86_400 },
    });
  });

  it('falls back to MQTT 3.1.1 (still a persistent session) on the in-process broker, which has no MQTT 5', () => {
    const sut = mqttClientOptions({ ...base, MQTT_URL: undefined });
    expect(sut).toMatchObject({ protocolVersion: 4, clean: false });
    expect(sut.properties).toBeUndefined();
    expect(mqttUrl({ MQTT_URL: undefined, MQTT_EMBEDDED_PORT: 1884 })).toBe('mqtt://127.0.0.1:1884');
  });

  it('speaks MQTT 3.1.1 to an external broker configured for it', () => {
    const sut = mqttClientOptions({ ...base, MQTT_URL: 'mqtt://aedes:1883', MQTT_PROTOCOL_VERSION: 4 });
    expect(sut).toMatchObject({ protocolVersion: 4, clean: false, properties: undefined });
  });
});

// Device ports are read as ports: 0 leaves the listener off (several servers on one machine, or
// a district without watches), anything else outside 0–65535 stops the start with a message.
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/server/config.js';

const saved = { ...process.env };
afterEach(() => {
  process.env = { ...saved };
});

describe('device port settings', () => {
  it('take 0 as off and default to 5091 and 1884', () => {
    delete process.env.WATCH_GATEWAY_PORT;
    delete process.env.MQTT_EMBEDDED_PORT;
    expect(loadConfig({})).toMatchObject({ watchGatewayPort: 5091, mqttEmbeddedPort: 1884 });
    process.env.WATCH_GATEWAY_PORT = '0';
    process.env.MQTT_EMBEDDED_PORT = '0';
    expect(loadConfig({})).toMatchObject({ watchGatewayPort: 0, mqttEmbeddedPort: 0 });
  });
  it('refuse a port that is not one, naming the variable', () => {
    process.env.WATCH_GATEWAY_PORT = '70000';
    expect(() => loadConfig({})).toThrow(/WATCH_GATEWAY_PORT/);
    process.env.WATCH_GATEWAY_PORT = '-1';
    expect(() => loadConfig({})).toThrow(/0–65535/);
  });
});

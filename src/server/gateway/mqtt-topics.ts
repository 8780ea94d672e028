// The MQTT topic scheme devices and vendor gateways use:
//   {root}/devices/{deviceKey}/events   device → server: one event or a JSON list (device-mqtt.ts), QoS 1
//   {root}/devices/{deviceKey}/ack      server → device: the alarm was stored (QoS 1, optional to read)
// with root yiyang/v1. The version is in the topic so a later payload can live beside this one.
// Servers subscribe as one shared group ($share/yiyang/…) so a broker hands each message to one of
// them; a broker without shared subscriptions (aedes) gets the plain filter.

export const DEFAULT_TOPIC_ROOT = 'yiyang/v1';
export const SHARE_GROUP = 'yiyang';

export const eventsTopic = (deviceKey: string, root = DEFAULT_TOPIC_ROOT) => `${root}/devices/${deviceKey}/events`;
export const ackTopic = (deviceKey: string, root = DEFAULT_TOPIC_ROOT) => `${root}/devices/${deviceKey}/ack`;

/** The filter the server subscribes to. */
export function eventsSubscription(root = DEFAULT_TOPIC_ROOT, shared = true) {
  const filter = `${root}/devices/+/events`;
  return shared ? `$share/${SHARE_GROUP}/${filter}` : filter;
}

/** The device key an events topic names, or null for any other topic. */
export function deviceKeyOfTopic(topic: string, root = DEFAULT_TOPIC_ROOT): string | null {
  const prefix = `${root}/devices/`;
  if (!topic.startsWith(prefix) || !topic.endsWith('/events')) return null;
  const key = topic.slice(prefix.length, -'/events'.length);
  return key.length > 0 && !key.includes('/') ? key : null;
}

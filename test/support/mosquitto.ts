/** The machine's Mosquitto, shared by every integration spec (each keeps to its own topic prefix and client ids). */
export const MOSQUITTO_URL = 'mqtt://127.0.0.1:1883';

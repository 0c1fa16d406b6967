/** A unique prefix per test run, so parallel runs on the shared Mosquitto never see each other's messages. */
export function uniqueId(label: string): string {
  return `${label}-${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;
}

export interface Closable {
  close(): Promise<void>;
}

/** Time allowed to a hook that boots an app or launches a browser: seconds when idle, far more on a loaded machine. */
export const START_TIMEOUT_MS = 120_000;

interface OpenResource {
  what: string;
  starting: Promise<Closable>;
}

// on the test file's global object, where the test environment finds it when the file is done
const REGISTRY = Symbol.for('bsc.test.open-resources');

function openResources(): Set<OpenResource> {
  const holder = globalThis as { [REGISTRY]?: Set<OpenResource> };
  return (holder[REGISTRY] ??= new Set());
}

/**
 * Notes an app or browser being started until it is closed. A start that outlives the hook awaiting it (a beforeAll
 * that times out on a busy machine) brings up something no hook holds, and jest would never exit; the test
 * environment (open-resources.environment.ts) closes what is still open once the file's hooks have run.
 */
export function trackOpen<T extends Closable>(what: string, starting: Promise<T>): Promise<T> {
  const entry: OpenResource = { what, starting };
  openResources().add(entry);
  return starting.then(
    (resource) => {
      const close = resource.close.bind(resource);
      resource.close = async () => {
        openResources().delete(entry);
        await close();
      };
      return resource;
    },
    (error: unknown) => {
      openResources().delete(entry);
      throw error;
    },
  );
}

/**
 * Closes what the file left open, waiting up to `waitMs` for a start still under way, and names it; for the test
 * environment. A hook that outlived its timeout may go on to start more once its first start arrives, so this goes
 * round until nothing is left. Errors are the hooks' to report: here a failed start or close only ends the wait.
 */
export async function closeLeftOpen(global: object, waitMs: number): Promise<string[]> {
  const open = (global as { [REGISTRY]?: Set<OpenResource> })[REGISTRY];
  const closed: string[] = [];
  for (let round = 0; open && open.size > 0 && round < MAX_ROUNDS; round++) {
    const left = [...open];
    open.clear();
    await Promise.all(left.map(({ starting }) => closeWhenStarted(starting, waitMs)));
    // the hook's next step runs once the start it awaited has arrived
    await new Promise((resolve) => setImmediate(resolve));
    closed.push(...left.map((r) => r.what));
  }
  return closed;
}

// a hook starts a handful of things one after another; more rounds would mean something starts without end
const MAX_ROUNDS = 10;

async function closeWhenStarted(starting: Promise<Closable>, waitMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const gaveUp = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
  const resource = await Promise.race([starting.catch(() => undefined), gaveUp]);
  clearTimeout(timer);
  await resource?.close().catch(() => undefined);
}

/**
 * Bus events for the alert evaluation, listened for from the runtime's onModuleInit on. While the evaluation does
 * not run here (its stored state still being read; elected, until this replica wins it, or after it lost it) they
 * wait, in the order they came, and are handed over when it starts. Those older than `holdMs` go first: a stand-by
 * replica holds no more than a takeover needs (one lease lifetime). Subscribing when the evaluation started lost
 * whatever the bus brought before.
 */
export class HeldEvents {
  private held: Array<{ at: number; handle: () => void }> | undefined = [];
  /** Whether events older than holdMs go (waiting for the evaluation), or all are kept (it is starting). */
  private bounded = true;

  constructor(
    private readonly onError: (error: unknown) => void,
    private readonly now: () => number,
    private readonly holdMs = Infinity,
  ) {}

  /** `handler`, waiting while the events are held. */
  hold<E>(handler: (event: E) => void): (event: E) => void {
    return (event) => {
      if (!this.held) return handler(event);
      this.dropOld();
      this.held.push({ at: this.now(), handle: () => handler(event) });
    };
  }

  /** The evaluation starts here: those older than holdMs go, and what comes while it reads its state is all kept. */
  starting(): void {
    this.dropOld();
    this.bounded = false;
  }

  /** Hands over what waited, oldest first; from now on events go straight through. */
  open(): void {
    this.dropOld();
    const held = this.held ?? [];
    this.held = undefined;
    for (const { handle } of held) {
      try {
        handle();
      } catch (error) {
        this.onError(error);
      }
    }
  }

  /** Events are held again. */
  close(): void {
    this.held ??= [];
    this.bounded = true;
  }

  private dropOld(): void {
    if (!this.bounded) return;
    const since = this.now() - this.holdMs;
    const kept = this.held?.findIndex((e) => e.at >= since) ?? 0;
    this.held?.splice(0, kept === -1 ? this.held.length : kept);
  }
}

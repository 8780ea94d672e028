// The server's end of the live consoles: one LISTEN per server, fanned out to the server-sent
// event streams open on it. Each stream says who is watching, so a call reaches the operator it
// was routed to and a region's change reaches those who may see that region.
import type { Database } from '../db/client.js';
import { EVENTS_CHANNEL, type LiveEvent } from './events.js';

export interface Watcher {
  userId: number;
  username: string;
  /** Whether an incoming call may pop on this console. */
  takesCalls: boolean;
  /**
   * Whether a change in the region concerns this watcher (its jurisdiction); null is a change
   * of no known region (an alarm from a device bound to nobody), which the district's own see.
   */
  sees: (regionId: number | null) => boolean;
  send: (event: LiveEvent) => void;
}

export class EventHub {
  private watchers = new Set<Watcher>();
  private unlisten: (() => Promise<void>) | null = null;
  private starting: Promise<void> | null = null;

  constructor(
    private readonly listen: Database['listen'],
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Starts listening with the first watcher; the returned function removes the watcher. */
  async watch(w: Watcher): Promise<() => void> {
    this.watchers.add(w);
    // A failed LISTEN is tried again by the next watcher rather than remembered.
    this.starting ??= this.listen(EVENTS_CHANNEL, (payload) => this.deliver(payload)).then(
      (u) => {
        this.unlisten = u;
      },
      (err) => {
        this.starting = null;
        throw err;
      },
    );
    try {
      await this.starting;
    } catch (err) {
      this.watchers.delete(w);
      throw err;
    }
    return () => {
      this.watchers.delete(w);
    };
  }

  get watching() {
    return this.watchers.size;
  }

  private deliver(payload: string) {
    let event: LiveEvent;
    try {
      event = JSON.parse(payload) as LiveEvent;
    } catch (err) {
      this.onError(err);
      return;
    }
    for (const w of this.watchers) {
      const wanted =
        event.kind === 'call'
          ? w.takesCalls && (event.agent === null || event.agent === w.username)
          : w.sees(event.regionId);
      if (wanted) w.send(event);
    }
  }

  async close() {
    this.watchers.clear();
    await this.starting?.catch(() => {});
    await this.unlisten?.();
    this.unlisten = null;
    this.starting = null;
  }
}

// Runs state-machine events one at a time: an event raised while a handler runs (a player that
// completes synchronously, a listener reacting to an emitted event) is queued behind it, so a
// handler never sees the machine change under its feet.
export class SerialDispatcher<E> {
  private readonly queue: E[] = [];
  private running = false;

  constructor(private readonly step: (ev: E) => void) {}

  dispatch(ev: E): void {
    this.queue.push(ev);
    if (this.running) return;
    this.running = true;
    try {
      for (let next = this.queue.shift(); next !== undefined; next = this.queue.shift()) this.step(next);
    } catch (err) {
      this.queue.length = 0;
      throw err;
    } finally {
      this.running = false;
    }
  }
}

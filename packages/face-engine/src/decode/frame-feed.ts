// Frames handed over one by one while a decoder still runs: `at(i)` waits
// for the i-th frame and resolves undefined once the decoder has ended
// without it. Lets detection start on the first frame instead of the last.
export interface FedFrame {
  rgb: Uint8Array;
  width: number;
  height: number;
}

export class FrameFeed {
  private readonly frames: FedFrame[] = [];
  private readonly waiting = new Map<number, Array<(f: FedFrame | undefined) => void>>();
  private ended = false;

  push(index: number, rgb: Uint8Array, width: number, height: number): void {
    const frame = { rgb, width, height };
    this.frames[index] = frame;
    for (const wake of this.waiting.get(index) ?? []) wake(frame);
    this.waiting.delete(index);
  }

  /** No more frames will come (the decoder finished or failed). */
  end(): void {
    this.ended = true;
    for (const wakes of this.waiting.values()) for (const wake of wakes) wake(undefined);
    this.waiting.clear();
  }

  at(index: number): Promise<FedFrame | undefined> {
    const have = this.frames[index];
    if (have || this.ended) return Promise.resolve(have);
    return new Promise((resolve) => {
      const list = this.waiting.get(index) ?? [];
      list.push(resolve);
      this.waiting.set(index, list);
    });
  }
}

/**
 * The page's side of the engine (engine.ts): one Web Worker started from the engine's source
 * (inlined in the page as <script type="text/plain" id="engine-src">, turned into a blob: URL,
 * which works for a page opened from disk). `solve` answers the latest request; a request made
 * while another is running terminates the busy worker (its answer is no longer wanted) and the
 * superseded promise rejects with `Superseded`. Without worker support the engine is loaded into
 * the page itself and runs synchronously.
 */
import type { EngineReply, EngineResult } from './engine.ts';
import type { FormValues } from './form.ts';

export class Superseded extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'Superseded';
  }
}

interface Pending { id: number; resolve: (r: EngineResult) => void; reject: (e: Error) => void }

export class EngineClient {
  private worker: Worker | null = null;
  private url: string | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  private direct: ((v: FormValues) => EngineResult) | null = null;
  /** 'worker' or 'page' (no worker support): where solves run */
  mode: 'worker' | 'page' = 'worker';

  constructor(private readonly source: string) {}

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      this.url ??= URL.createObjectURL(new Blob([this.source], { type: 'text/javascript' }));
      const w = new Worker(this.url);
      w.onmessage = (e: MessageEvent<EngineReply>) => {
        const p = this.pending;
        if (p && p.id === e.data.id) {
          this.pending = null;
          p.resolve(e.data.result);
        }
      };
      w.onerror = (e) => {
        e.preventDefault();
        const p = this.pending;
        this.pending = null;
        this.stop();
        p?.reject(new Error(`engine worker failed: ${e.message}`));
      };
      this.worker = w;
      return w;
    } catch {
      return null;
    }
  }

  private stop() {
    this.worker?.terminate();
    this.worker = null;
  }

  /** Load the engine into the page (fallback when workers are unavailable). */
  private loadDirect(): (v: FormValues) => EngineResult {
    if (!this.direct) {
      const s = document.createElement('script');
      s.textContent = this.source;
      document.head.appendChild(s);
      const engine = (globalThis as unknown as { pepitaEngine?: { solveForm: (v: FormValues) => EngineResult } }).pepitaEngine;
      if (!engine) throw new Error('the engine script did not load');
      this.direct = engine.solveForm;
    }
    return this.direct;
  }

  /** Solve for these form values; rejects with Superseded if a newer call comes first. */
  solve(values: FormValues): Promise<EngineResult> {
    if (this.pending) {
      // the running solve is for stale inputs: drop it (and the worker computing it)
      const p = this.pending;
      this.pending = null;
      this.stop();
      p.reject(new Superseded());
    }
    const w = this.mode === 'worker' ? this.start() : null;
    if (!w) {
      this.mode = 'page';
      return Promise.resolve(this.loadDirect()(values));
    }
    const id = this.nextId++;
    return new Promise<EngineResult>((resolve, reject) => {
      this.pending = { id, resolve, reject };
      w.postMessage({ id, values });
    });
  }
}

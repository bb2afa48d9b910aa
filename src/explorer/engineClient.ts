/**
 * The page's side of one theory engine (engine.ts): one Web Worker started from the engine's source
 * (a blob: URL, which works for a page opened from disk), answering the latest request. The page
 * keeps one client per rule, so the rules drawn together solve in parallel.
 *
 * `solve` remembers its last answer: the same config again (e.g. only another rule was ticked, or
 * an input this rule ignores changed) is answered at once. A request made while another is running terminates the busy worker (its
 * answer is no longer wanted) and the superseded promise rejects with `Superseded`. Without worker
 * support the engine is loaded into the page itself and runs synchronously.
 */
import type { EngineMessage, EngineRequest, TheoryResult } from './engine.ts';
import { configFromForm, type FormValues } from './form.ts';
import type { LearningRule } from '../core/rules/index.ts';

export class Superseded extends Error {
  constructor() {
    super('superseded by a newer request');
    this.name = 'Superseded';
  }
}

/** The engine of the page (fallback without workers), loaded once from its source. */
type DirectEngine = (req: EngineRequest, post: (m: EngineMessage) => void) => void;

export function loadEngineIntoPage(source: string): DirectEngine {
  const g = globalThis as unknown as { pepitaEngine?: { handle: DirectEngine } };
  if (!g.pepitaEngine) {
    const s = document.createElement('script');
    s.textContent = source;
    document.head.appendChild(s);
  }
  if (!g.pepitaEngine) throw new Error('the engine script did not load');
  return g.pepitaEngine.handle;
}

interface Pending { id: number; key: string; resolve: (r: TheoryResult) => void; reject: (e: Error) => void }

export class EngineClient {
  private worker: Worker | null = null;
  private pending: Pending | null = null;
  private nextId = 1;
  private last: { key: string; result: TheoryResult } | null = null;
  /** 'worker' or 'page' (no worker support): where solves run */
  mode: 'worker' | 'page' = 'worker';
  /** progress of the running solve: time reached and tmax (long solves only) */
  onProgress: ((t: number, tmax: number) => void) | null = null;

  /** `url`: blob: URL of the engine's source; `source`: the same text (fallback) */
  constructor(private readonly url: string, private readonly source: string, private readonly rule: LearningRule) {}

  private start(): Worker | null {
    if (this.worker) return this.worker;
    try {
      const w = new Worker(this.url);
      w.onmessage = (e: MessageEvent<EngineMessage>) => {
        const p = this.pending;
        if (e.data.kind === 'progress' && p && p.id === e.data.id) this.onProgress?.(e.data.done, e.data.total);
        if (e.data.kind === 'result' && p && p.id === e.data.id) {
          this.pending = null;
          const result = e.data.result as TheoryResult;
          this.last = { key: p.key, result };
          p.resolve(result);
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

  /** Terminate the worker (a running solve is abandoned). */
  stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }

  /** Drop a running solve (the rule is no longer drawn): its promise rejects with Superseded. */
  abandon(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.stop();
    p.reject(new Superseded());
  }

  /** Solve this rule for these inputs; rejects with Superseded if a newer call comes first. */
  solve(values: FormValues): Promise<TheoryResult> {
    // the rule's own config: inputs that this rule ignores do not make it solve again
    const key = JSON.stringify(configFromForm(values, this.rule));
    if (this.pending) {
      if (this.pending.key === key) {
        // the running solve is for these very inputs: wait for it with the newer caller
        const p = this.pending;
        return new Promise((resolve, reject) => {
          this.pending = { ...p, resolve: (r) => { p.resolve(r); resolve(r); }, reject: (e) => { p.reject(e); reject(e); } };
        });
      }
      // the running solve is for stale inputs: drop it (and the worker computing it)
      this.abandon();
    }
    if (this.last && this.last.key === key) return Promise.resolve(this.last.result);
    const request: EngineRequest = { kind: 'theory', id: this.nextId++, values, rule: this.rule.id };
    const w = this.mode === 'worker' ? this.start() : null;
    if (!w) {
      this.mode = 'page';
      let result: TheoryResult | null = null;
      loadEngineIntoPage(this.source)(request, (m) => {
        if (m.kind === 'result') result = m.result as TheoryResult;
      });
      this.last = { key, result: result! };
      return Promise.resolve(result!);
    }
    return new Promise<TheoryResult>((resolve, reject) => {
      this.pending = { id: request.id, key, resolve, reject };
      w.postMessage(request);
    });
  }
}

import { Worker } from 'node:worker_threads'
import { type CompiledCode, instantiateCode } from './compileCode.ts'
import type { CompileRequest, CompileResponse, ForkOpcodeTable } from './runCompileWorker.ts'

export type BackgroundCompilerOptions = {
  /** Code queued or being compiled, at most; beyond it a request is declined (and made again on a later frame). Default 64. */
  queueLimit?: number
  /**
   * Whether this thread is free now: a finished compile is loaded from V8's
   * code cache (a few ms for large code) only when it says so, or once the
   * result has waited `maxLoadDelayMs`, so a busy sequencer loads it when its
   * queue drains rather than between two mini-blocks. Default: always free.
   */
  idle?: () => boolean
  /** Longest a finished compile waits for `idle`, in ms. Default 100. */
  maxLoadDelayMs?: number
}

/**
 * Compiles contract code off the execution thread: one worker thread,
 * started on the first request, does the analysis, the code generation and
 * V8's compile of the generated function, and hands back the source and
 * V8's code cache; this thread only instantiates it (a deserialization).
 * One per process, shared by every EVM the compiler is installed in.
 */
export type BackgroundCompiler = {
  /**
   * Queues `code` under `key` and returns at once; `done` later gets the
   * compiled code, or null when it cannot be compiled (the code then stays
   * interpreted). Returns false, queueing nothing, when `key` is already
   * queued, the queue is full or the compiler is closed.
   */
  schedule(
    key: string,
    code: Uint8Array,
    fork: ForkOpcodeTable,
    done: (compiled: CompiledCode | null) => void,
  ): boolean
  /** Resolves once nothing is queued: every `done` so far has been called. */
  idle(): Promise<void>
  /** Stops the worker; queued code is dropped without a `done` (its callers keep interpreting it). */
  close(): Promise<void>
}

type Job = { key: string; done: (compiled: CompiledCode | null) => void }
type Compiled = Extract<CompileResponse, { translated: unknown }>

/** How often a finished compile asks `idle` again while the thread is busy, in ms. */
const LOAD_POLL_MS = 1

export function createBackgroundCompiler(options: BackgroundCompilerOptions = {}): BackgroundCompiler {
  const queueLimit = options.queueLimit ?? 64
  const idle = options.idle ?? (() => true)
  const maxLoadDelayMs = options.maxLoadDelayMs ?? 100
  // Compiled in the worker, not yet loaded (each still counts in `jobs`, so bounded by queueLimit).
  const finished: { response: Compiled; at: number }[] = []
  let loadTimer: NodeJS.Timeout | undefined
  const jobs = new Map<number, Job>()
  const queuedKeys = new Set<string>()
  let idleWaiters: (() => void)[] = []
  let worker: Worker | undefined
  let nextId = 0
  let closed = false

  function start(): Worker {
    const started = new Worker(new URL('./compileWorker.mjs', import.meta.url))
    // Compilation is an optimisation: it never keeps a process alive.
    started.unref()
    started.on('message', (response: CompileResponse) => {
      if ('error' in response) return finish(response.id, null)
      finished.push({ response, at: performance.now() })
      if (loadTimer === undefined) loadFinished()
    })
    started.on('error', () => workerGone(started))
    started.on('exit', () => workerGone(started))
    return started
  }

  function loadFinished(): void {
    loadTimer = undefined
    if (finished.length === 0) return
    if (!idle() && performance.now() - finished[0].at < maxLoadDelayMs) {
      loadTimer = setTimeout(loadFinished, LOAD_POLL_MS)
      loadTimer.unref()
      return
    }
    // One per turn: a burst of finished compiles does not stall the thread for all of them at once.
    const { response } = finished.shift() as (typeof finished)[number]
    finish(response.id, instantiate(response))
    if (finished.length > 0) {
      loadTimer = setTimeout(loadFinished, 0)
      loadTimer.unref()
    }
  }

  function instantiate(response: Compiled): CompiledCode | null {
    try {
      return instantiateCode(response.translated, response.codeCache)
    } catch {
      // E.g. a function too large for the engine: the code stays interpreted.
      return null
    }
  }

  function finish(id: number, compiled: CompiledCode | null): void {
    const job = jobs.get(id)
    if (job === undefined) return
    jobs.delete(id)
    queuedKeys.delete(job.key)
    job.done(compiled)
    if (jobs.size === 0) resolveIdle()
  }

  // A worker that dies takes its queue with it: that code stays interpreted,
  // and the next request starts a new worker.
  function workerGone(gone: Worker): void {
    if (worker !== gone) return
    worker = undefined
    const compiled = new Set(finished.map(({ response }) => response.id))
    for (const id of [...jobs.keys()]) if (!compiled.has(id)) finish(id, null)
  }

  function resolveIdle(): void {
    const waiters = idleWaiters
    idleWaiters = []
    for (const resolve of waiters) resolve()
  }

  return {
    schedule(key, code, fork, done) {
      if (closed || queuedKeys.has(key) || jobs.size >= queueLimit) return false
      const id = nextId++
      jobs.set(id, { key, done })
      queuedKeys.add(key)
      worker ??= start()
      // A copy: a view would carry its whole underlying buffer across.
      const request: CompileRequest = { id, code: code.slice(), fork }
      worker.postMessage(request)
      return true
    },
    idle() {
      if (jobs.size === 0) return Promise.resolve()
      return new Promise((resolve) => idleWaiters.push(resolve))
    },
    async close() {
      closed = true
      clearTimeout(loadTimer)
      finished.length = 0
      jobs.clear()
      queuedKeys.clear()
      resolveIdle()
      const stopping = worker
      worker = undefined
      await stopping?.terminate()
    },
  }
}

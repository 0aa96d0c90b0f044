// Multithreaded tfjs-backend-wasm in Node: XNNPACK's thread pool on worker_threads.
//
// tfjs 4.22.0 ships a threaded SIMD build of its wasm backend (emscripten pthreads) but turns it
// off in Node (flag WASM_HAS_MULTITHREAD_SUPPORT is false there), so the
// dense layers, ~90% of an encoder's time, run on one core. Three things stand in the way, and
// this module works around each only while the backend starts:
//   1. the flag: set to true;
//   2. tfjs hands emscripten its pthread script as a blob: URL, which Node's Worker refuses, and
//      the main script as a Blob the worker cannot read: we start each pthread worker from the
//      script's text (eval) and point it at the main script's file on disk;
//   3. the C++ side caps the pool at half of emscripten_num_logical_cores() (it assumes 2
//      hyperthreads per core), which in Node is os.cpus().length: on a 2-core machine that is
//      one thread whatever setThreadsCount() says. os.cpus() reports 2× the threads asked for
//      while the module starts.
// Results are bit-identical to one thread: XNNPACK splits the output into tiles and never splits
// a dot product, so every sum keeps its order (test/backends).
import { createRequire } from 'node:module';
import * as os from 'node:os';
import type { Worker as NodeWorker, WorkerOptions } from 'node:worker_threads';
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import { ArgumentError } from '../errors.js';

const require = createRequire(import.meta.url);

type WorkerClass = new (file: string | URL, options?: WorkerOptions) => NodeWorker;

/** The pthread worker script: tfjs's own, plus a hook that swaps the main-script Blob for its path. */
function pthreadWorkerSource(): string {
  const mainScript = require.resolve('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js');
  const { wasmWorkerContents } = require('@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.worker.js') as { wasmWorkerContents: string };
  // tfjs escapes newlines the same way before it makes its Blob: the text holds "\n" inside strings.
  const body = wasmWorkerContents.replace(/\n/g, '\\n');
  const hook = `;(function(){var onload=self.onmessage;self.onmessage=function(e){` +
    `if(e.data&&e.data.cmd==="load"&&typeof e.data.urlOrBlob!=="string"){e.data.urlOrBlob=${JSON.stringify(mainScript)}}` +
    `return onload(e)}})();`;
  return body + hook;
}

/** Worker that starts emscripten's blob: pthread scripts from source and never holds the process open. */
function pthreadWorkerClass(base: WorkerClass): WorkerClass {
  let source: string | null = null;
  return class PthreadWorker extends base {
    constructor(file: string | URL, options?: WorkerOptions) {
      if (typeof file === 'string' && file.startsWith('blob:nodedata:')) {
        source ??= pthreadWorkerSource();
        super(source, { eval: true });
        this.unref();
      } else {
        super(file, options);
      }
    }

    // emscripten refs a worker while it runs a pthread; XNNPACK's pool threads run (parked) for
    // the life of the backend, which would keep Node from exiting after the user's last line.
    override ref(): void {}
  } as unknown as WorkerClass;
}

/**
 * Makes 'wasm' the tfjs backend with XNNPACK running on `threads` threads (default: one per
 * core) and returns the thread count it got. Call it instead of tf.setBackend('wasm'), before
 * the wasm backend is first started in this process (or thread).
 *
 *   import { useWasmThreads } from 'sbert-tfjs';   // Node entry
 *   await useWasmThreads();                        // 2 on a 2-core machine
 */
export async function useWasmThreads(threads: number = os.availableParallelism()): Promise<number> {
  if (!Number.isInteger(threads) || threads < 1) throw new ArgumentError('threads', `must be a positive integer, got ${threads}`);
  // Each thread is a worker with its own wasm memory: bounded as the CLI's --threads (src/cli/args.ts MAX_THREADS).
  if (threads > 256) throw new ArgumentError('threads', `must be at most 256, got ${threads}`);
  if (tf.findBackend('wasm') !== null) {
    const running = getThreadsCount();
    if (running === threads) {
      await tf.setBackend('wasm');
      return running;
    }
    throw new ArgumentError('threads', `the wasm backend already runs with ${running} thread(s); call useWasmThreads(${threads}) before the first tf.setBackend('wasm') or tf.ready()`);
  }
  if (threads === 1) {
    if (!(await tf.setBackend('wasm'))) throw new Error('useWasmThreads: the wasm backend could not be started');
    return getThreadsCount();
  }

  const workerThreads = require('node:worker_threads') as { Worker: WorkerClass };
  const osModule = require('node:os') as { cpus: typeof os.cpus };
  const [baseWorker, baseCpus] = [workerThreads.Worker, osModule.cpus];
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', true);
  setThreadsCount(threads);
  workerThreads.Worker = pthreadWorkerClass(baseWorker);
  osModule.cpus = () => { const c = baseCpus(); return Array.from({ length: 2 * threads }, (_, i) => c[i % c.length]!); };
  try {
    if (!(await tf.setBackend('wasm'))) throw new Error('useWasmThreads: the threaded wasm backend could not be started (see the error tfjs logged above)');
    await tf.ready();
  } finally {
    workerThreads.Worker = baseWorker;
    osModule.cpus = baseCpus;
  }
  return getThreadsCount();
}

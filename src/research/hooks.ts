// Hooks by checkpoint name: read or replace the inputs and output of any module of an encoder
// while it runs (forward, run, encode, training). Modules are public fields named like the
// checkpoint's key segments (nn/parameters.ts walks them the same way), so a name such as
// "encoder.layer.3.attention.self" is a path of property reads and works for every architecture
// in the registry with no per-architecture code; getters count too ("layers.3" is any encoder's
// layer 3).
//
// A hooked module gets its own `forward` (non-enumerable, so the parameter and dropout walks do not
// see it) that calls the original around the callbacks; removing the last hook deletes it. An
// unhooked module is never touched, so the unhooked path runs exactly the code it ran before.
import * as tf from '@tensorflow/tfjs-core';
import { ArgumentError } from '../errors.js';

export interface HookContext {
  /** The name the hook was installed under. */
  readonly name: string;
  /** The hooked module. */
  readonly module: object;
}

/**
 * Callbacks around a module's forward. Each may return a replacement (same structure as what it
 * was given); undefined keeps the value. Replacements are cloned into the running forward, so a
 * tensor the caller keeps (a golden, an activation from another run) stays the caller's even when
 * the encoder frees the value it stands for. They run synchronously inside the forward's tidy:
 * tensors they read are freed with it (capture() keeps copies).
 */
export interface Hook {
  /** The module's arguments (a layer: [hidden [B, T, H], maskBias]); return an array to replace them. */
  onInput?(args: unknown[], context: HookContext): unknown[] | undefined | void;
  /** The module's output (a layer: {hidden, probs}; a Linear: a tensor); return a value to replace it. */
  onOutput?(output: unknown, args: unknown[], context: HookContext): unknown;
}

export interface HookHandle {
  readonly name: string;
  /** Uninstalls this hook (idempotent); the module's own forward comes back once none is left. */
  remove(): void;
}

type Forward = (...args: unknown[]) => unknown;

interface Installed {
  hooks: Array<{ hook: Hook; context: HookContext }>;
  /** The module's own forward property before the first hook, if it had one. */
  own?: PropertyDescriptor;
}

const installed = new WeakMap<object, Installed>();

/** Every tensor in `value` cloned (arrays and plain objects are copied, anything else kept). */
function cloneTensors(value: unknown): unknown {
  if (value instanceof tf.Tensor) return tf.clone(value);
  if (Array.isArray(value)) return value.map(cloneTensors);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneTensors(v)]));
  }
  return value;
}

/**
 * The module at `name` under `root`: "." separated property reads, array elements by index.
 * Throws ArgumentError naming the first segment that is missing and what exists there.
 */
export function moduleAt(root: object, name: string): object {
  let node: unknown = root;
  const done: string[] = [];
  for (const part of name === '' ? [] : name.split('.')) {
    const next = typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined;
    if (typeof next !== 'object' || next === null || next instanceof tf.Tensor) {
      const here = done.length === 0 ? 'the model' : `"${done.join('.')}"`;
      const keys = typeof node === 'object' && node !== null
        ? Object.entries(node).filter(([, v]) => typeof v === 'object' && v !== null && !(v instanceof tf.Tensor)).map(([k]) => k) : [];
      throw new ArgumentError('name', `"${name}": ${here} has no module "${part}" (modules there: ${keys.join(', ') || 'none'})`);
    }
    node = next;
    done.push(part);
  }
  if (typeof (node as { forward?: unknown }).forward !== 'function') {
    throw new ArgumentError('name', `"${name}" has no forward() to hook`);
  }
  return node as object;
}

/** Installs `hook` on the module `name` of `root` (see moduleAt). Hooks on one module run in installation order. */
export function hookModule(root: object, name: string, hook: Hook): HookHandle {
  const module = moduleAt(root, name);
  return hookObject(module, name, hook);
}

/** hookModule on a module already in hand. */
export function hookObject(module: object, name: string, hook: Hook): HookHandle {
  let state = installed.get(module);
  if (state === undefined) {
    const own = Object.getOwnPropertyDescriptor(module, 'forward');
    const original = (module as { forward: Forward }).forward;
    const entry: Installed = { hooks: [], ...(own === undefined ? {} : { own }) };
    const wrapped: Forward = (...args: unknown[]) => {
      let a = args;
      for (const { hook: h, context } of entry.hooks) {
        const r = h.onInput?.(a, context);
        if (r !== undefined) a = cloneTensors(r) as unknown[];
      }
      let out = original.apply(module, a);
      for (const { hook: h, context } of entry.hooks) {
        const r = h.onOutput?.(out, a, context);
        if (r !== undefined) out = cloneTensors(r);
      }
      return out;
    };
    Object.defineProperty(module, 'forward', { value: wrapped, configurable: true, writable: true, enumerable: false });
    installed.set(module, entry);
    state = entry;
  }
  const record = { hook, context: { name, module } };
  state.hooks.push(record);
  let removed = false;
  return {
    name,
    remove(): void {
      if (removed) return;
      removed = true;
      const s = installed.get(module);
      if (s === undefined) return;
      s.hooks = s.hooks.filter((r) => r !== record);
      if (s.hooks.length > 0) return;
      installed.delete(module);
      if (s.own === undefined) delete (module as { forward?: unknown }).forward;
      else Object.defineProperty(module, 'forward', s.own);
    },
  };
}

/** Number of hooks installed on the module `name` of `root` (0 when none). */
export function hookCount(root: object, name: string): number {
  return installed.get(moduleAt(root, name))?.hooks.length ?? 0;
}

export interface Capture extends HookHandle {
  /** name -> the module's output of each call since installation (copies, kept out of every tidy). */
  readonly outputs: Map<string, unknown[]>;
  /** remove() and free every captured tensor. */
  dispose(): void;
}

/**
 * Records the outputs of the named modules on every call until removed: `outputs.get(name)[i]` is
 * the i-th call's output, its tensors copied and kept (tf.keep), so they outlive the forward.
 * They are the caller's: dispose() frees them.
 */
export function captureModules(root: object, names: readonly string[]): Capture {
  const outputs = new Map<string, unknown[]>(names.map((n) => [n, []]));
  const handles = names.map((n) => hookModule(root, n, {
    onOutput: (out) => {
      const copy = cloneTensors(out);
      for (const t of tensorsIn(copy)) tf.keep(t);
      outputs.get(n)!.push(copy);
      return undefined;
    },
  }));
  const remove = (): void => handles.forEach((h) => h.remove());
  return {
    name: names.join(', '),
    outputs,
    remove,
    dispose(): void {
      remove();
      for (const list of outputs.values()) tf.dispose(list.flatMap(tensorsIn));
      outputs.clear();
    },
  };
}

function tensorsIn(value: unknown): tf.Tensor[] {
  if (value instanceof tf.Tensor) return [value];
  if (Array.isArray(value)) return value.flatMap(tensorsIn);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(tensorsIn);
  return [];
}

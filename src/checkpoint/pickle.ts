// An allow-list unpickler for what torch.save writes. Nothing is ever
// executed: GLOBAL resolves only names on the allow-list (anything else is refused at once with
// its dotted name), REDUCE calls only allow-listed callables through the caller's `call` hook,
// BINPERSID goes to the caller's `persistentLoad`, and every length is checked against the bytes.
import { CheckpointError } from '../errors.js';

/** A Python tuple (kept apart from lists: persistent ids and shapes are tuples). */
export class PyTuple {
  constructor(readonly items: readonly unknown[]) {}
}

/** A resolved, allow-listed global such as `torch._utils._rebuild_tensor_v2`. */
export class PyGlobal {
  constructor(readonly module: string, readonly name: string) {}
  get dotted(): string {
    return `${this.module}.${this.name}`;
  }
}

/** Storage classes torch.save names in persistent ids. */
export const STORAGE_GLOBALS: readonly string[] = [
  'FloatStorage', 'DoubleStorage', 'HalfStorage', 'BFloat16Storage', 'LongStorage',
  'IntStorage', 'ShortStorage', 'CharStorage', 'ByteStorage', 'BoolStorage',
].map((s) => `torch.${s}`);

/** Every global a state-dict pickle may name. Anything else is refused with its name. */
export const ALLOWED_GLOBALS: ReadonlySet<string> = new Set([
  'collections.OrderedDict',
  'torch._utils._rebuild_tensor_v2',
  'torch._utils._rebuild_tensor',
  'torch._utils._rebuild_parameter',
  'torch._utils._rebuild_parameter_with_state',
  'torch._tensor._rebuild_from_type_v2',
  'torch.Tensor',
  'torch.nn.parameter.Parameter',
  '_codecs.encode',
  ...STORAGE_GLOBALS,
]);

export interface UnpickleHooks {
  /** BINPERSID: the persistent id (a PyTuple) → the object to push. */
  persistentLoad(pid: unknown, offset: number): unknown;
  /** REDUCE on an allow-listed global other than collections.OrderedDict / _codecs.encode. */
  call(fn: PyGlobal, args: readonly unknown[], offset: number): unknown;
}

export interface UnpickleResult {
  readonly value: unknown;
  /** Byte offset just after STOP (legacy files hold several pickles back to back). */
  readonly end: number;
}

const MARK = Symbol('mark');
const MAX_STACK = 1_000_000;

/** Unpickles one object starting at `start`. `file` names the checkpoint in errors. */
export function unpickle(bytes: Uint8Array, file: string, hooks: UnpickleHooks, start = 0): UnpickleResult {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stack: unknown[] = [];
  const marks: number[] = [];
  const memo = new Map<number, unknown>();
  let pos = start;
  let op = start;

  const fail = (detail: string): never => {
    throw new CheckpointError(file, `pickle: ${detail}`, op);
  };
  const need = (n: number): number => {
    if (n < 0 || pos + n > bytes.byteLength) fail(`needs ${n} more bytes but the data ends at byte ${bytes.byteLength} (truncated?)`);
    const at = pos;
    pos += n;
    return at;
  };
  const u8 = (): number => bytes[need(1)]!;
  const u16 = (): number => view.getUint16(need(2), true);
  const u32 = (): number => view.getUint32(need(4), true);
  const u64 = (): number => {
    const at = need(8);
    const v = view.getUint32(at, true) + view.getUint32(at + 4, true) * 2 ** 32;
    if (!Number.isSafeInteger(v)) fail('length does not fit a safe integer');
    return v;
  };
  const push = (v: unknown): void => {
    if (stack.length >= MAX_STACK) fail(`stack deeper than ${MAX_STACK}`);
    stack.push(v);
  };
  const pop = (): unknown => {
    if (stack.length === 0 || (marks.length > 0 && stack.length <= marks[marks.length - 1]!)) fail('pops an empty stack');
    return stack.pop();
  };
  const top = (): unknown => {
    if (stack.length === 0) fail('reads an empty stack');
    return stack[stack.length - 1];
  };
  const popMark = (): unknown[] => {
    const m = marks.pop();
    if (m === undefined) fail('has no MARK to pop to');
    return stack.splice(m!);
  };
  const text = (n: number): string => {
    const at = need(n);
    return new TextDecoder('utf-8').decode(bytes.subarray(at, at + n)); // lone surrogates → U+FFFD
  };
  const line = (): string => {
    const nl = bytes.indexOf(0x0a, pos);
    if (nl < 0 || nl - pos > 256) fail('GLOBAL name has no newline within 256 bytes (truncated?)');
    const s = new TextDecoder('latin1').decode(bytes.subarray(pos, nl));
    pos = nl + 1;
    return s;
  };
  const long = (n: number): number | bigint => {
    if (n === 0) return 0;
    const at = need(n);
    let v = 0n;
    for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[at + i]!);
    if (bytes[at + n - 1]! & 0x80) v -= 1n << BigInt(8 * n);
    return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
  };
  const global = (module: string, name: string): PyGlobal => {
    const mod = module === 'torch.tensor' ? 'torch._tensor' : module; // PyTorch's own rename
    const dotted = `${mod}.${name}`;
    if (!ALLOWED_GLOBALS.has(dotted)) {
      fail(`refuses global "${dotted}": a state-dict checkpoint may only name ${[...ALLOWED_GLOBALS].filter((g) => !g.endsWith('Storage')).join(', ')} and torch.*Storage classes`);
    }
    return new PyGlobal(mod, name);
  };
  const setItems = (target: unknown, items: unknown[]): void => {
    if (!(target instanceof Map)) fail('SETITEM(S) on something that is not a dict');
    if (items.length % 2 !== 0) fail('SETITEMS with an odd number of items');
    for (let i = 0; i < items.length; i += 2) (target as Map<unknown, unknown>).set(items[i], items[i + 1]);
  };
  const reduce = (fn: unknown, args: unknown): unknown => {
    if (!(fn instanceof PyGlobal)) fail('REDUCE on something that is not an allow-listed global');
    if (!(args instanceof PyTuple)) fail(`REDUCE of "${(fn as PyGlobal).dotted}" without an argument tuple`);
    const g = fn as PyGlobal;
    const a = (args as PyTuple).items;
    if (g.dotted === 'collections.OrderedDict') {
      if (a.length !== 0) fail('collections.OrderedDict called with arguments');
      return new Map();
    }
    if (g.dotted === '_codecs.encode') {
      // How protocol 2 pickles bytes: encode(str, 'latin1').
      if (a.length !== 2 || typeof a[0] !== 'string' || a[1] !== 'latin1') fail('_codecs.encode allowed only as encode(str, "latin1")');
      return Uint8Array.from(a[0] as string, (c) => c.charCodeAt(0) & 0xff);
    }
    return hooks.call(g, a, op);
  };

  for (;;) {
    op = pos;
    const code = u8();
    switch (code) {
      case 0x80: { // PROTO
        const p = u8();
        if (p > 5) fail(`protocol ${p} is newer than 5`);
        break;
      }
      case 0x95: u64(); break; // FRAME: advisory
      case 0x2e: { // STOP
        const value = pop();
        return { value, end: pos };
      }
      case 0x28: marks.push(stack.length); break; // MARK
      case 0x63: { const m = line(); const n = line(); push(global(m, n)); break; } // GLOBAL
      case 0x93: { // STACK_GLOBAL
        const n = pop();
        const m = pop();
        if (typeof m !== 'string' || typeof n !== 'string') fail('STACK_GLOBAL needs two strings');
        push(global(m as string, n as string));
        break;
      }
      case 0x71: memo.set(u8(), top()); break; // BINPUT
      case 0x72: memo.set(u32(), top()); break; // LONG_BINPUT
      case 0x94: memo.set(memo.size, top()); break; // MEMOIZE
      case 0x68: case 0x6a: { // BINGET / LONG_BINGET
        const i = code === 0x68 ? u8() : u32();
        if (!memo.has(i)) fail(`memo index ${i} was never stored`);
        push(memo.get(i));
        break;
      }
      case 0x29: push(new PyTuple([])); break; // EMPTY_TUPLE
      case 0x85: push(new PyTuple([pop()])); break; // TUPLE1
      case 0x86: { const b = pop(); const a = pop(); push(new PyTuple([a, b])); break; } // TUPLE2
      case 0x87: { const c = pop(); const b = pop(); const a = pop(); push(new PyTuple([a, b, c])); break; } // TUPLE3
      case 0x74: push(new PyTuple(popMark())); break; // TUPLE
      case 0x7d: push(new Map()); break; // EMPTY_DICT
      case 0x5d: push([]); break; // EMPTY_LIST
      case 0x73: { const v = pop(); const k = pop(); setItems(top(), [k, v]); break; } // SETITEM
      case 0x75: { const items = popMark(); setItems(top(), items); break; } // SETITEMS
      case 0x61: { const v = pop(); const l = top(); if (!Array.isArray(l)) fail('APPEND to a non-list'); (l as unknown[]).push(v); break; }
      case 0x65: { const items = popMark(); const l = top(); if (!Array.isArray(l)) fail('APPENDS to a non-list'); for (const v of items) (l as unknown[]).push(v); break; }
      case 0x4b: push(u8()); break; // BININT1
      case 0x4d: push(u16()); break; // BININT2
      case 0x4a: push(view.getInt32(need(4), true)); break; // BININT (signed)
      case 0x8a: push(long(u8())); break; // LONG1
      case 0x8b: { // LONG4
        const n = view.getInt32(need(4), true);
        if (n < 0 || n > 1024) fail(`LONG4 of ${n} bytes`);
        push(long(n));
        break;
      }
      case 0x47: push(view.getFloat64(need(8), false)); break; // BINFLOAT (big-endian)
      case 0x4e: push(null); break; // NONE
      case 0x88: push(true); break; // NEWTRUE
      case 0x89: push(false); break; // NEWFALSE
      case 0x58: push(text(u32())); break; // BINUNICODE
      case 0x8c: push(text(u8())); break; // SHORT_BINUNICODE
      case 0x8d: push(text(u64())); break; // BINUNICODE8
      case 0x55: case 0x54: { // SHORT_BINSTRING / BINSTRING (Python 2 str)
        const n = code === 0x55 ? u8() : view.getInt32(need(4), true);
        const at = need(n);
        const raw = bytes.subarray(at, at + n);
        try {
          push(new TextDecoder('utf-8', { fatal: true }).decode(raw));
        } catch {
          push(new TextDecoder('latin1').decode(raw));
        }
        break;
      }
      case 0x43: case 0x42: case 0x8e: { // SHORT_BINBYTES / BINBYTES / BINBYTES8
        const n = code === 0x43 ? u8() : code === 0x42 ? u32() : u64();
        const at = need(n);
        push(bytes.slice(at, at + n));
        break;
      }
      case 0x52: { const args = pop(); const fn = pop(); push(reduce(fn, args)); break; } // REDUCE
      case 0x62: { // BUILD: only an OrderedDict taking its attribute dict (_metadata), which we drop
        const state = pop();
        const target = top();
        if (!(target instanceof Map) || !(state instanceof Map || state === null)) fail('BUILD is allowed only on an OrderedDict with a dict state');
        break;
      }
      case 0x51: { const pid = pop(); push(hooks.persistentLoad(pid, op)); break; } // BINPERSID
      case 0x30: pop(); break; // POP
      case 0x31: popMark(); break; // POP_MARK
      case 0x32: push(top()); break; // DUP
      default:
        fail(`opcode 0x${code.toString(16).padStart(2, '0')} is not allowed in a state-dict pickle`);
    }
  }
}

// The allow-list unpickler on hand-assembled pickles.
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../src/errors.js';
import { PyGlobal, PyTuple, readCheckpoint, unpickle } from '../../src/checkpoint/index.js';
import type { UnpickleHooks } from '../../src/checkpoint/index.js';
import { zipFile } from './helpers/zip_bytes.js';

const enc = (s: string): number[] => Array.from(new TextEncoder().encode(s));
const u32 = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const str = (s: string): number[] => [0x58, ...u32(enc(s).length), ...enc(s)]; // BINUNICODE
const global = (m: string, n: string): number[] => [0x63, ...enc(`${m}\n${n}\n`)];
const P = (...parts: (number | number[])[]): Uint8Array => new Uint8Array([0x80, 0x02, ...parts.flat(), 0x2e]);

const calls: string[] = [];
const hooks: UnpickleHooks = {
  persistentLoad: (pid) => ({ pid }),
  call: (fn, args) => {
    calls.push(fn.dotted);
    return { fn: fn.dotted, args };
  },
};

function refused(bytes: Uint8Array): string {
  try {
    unpickle(bytes, 'p.pkl', hooks);
  } catch (e) {
    expect(e).toBeInstanceOf(CheckpointError);
    expect((e as CheckpointError).file).toBe('p.pkl');
    return (e as Error).message;
  }
  throw new Error('unpickled without an error');
}

describe('unpickle: accepted values', () => {
  it('ints (BININT1/2/signed BININT/LONG1), floats, strings, bools, None, tuples, lists, dicts', () => {
    const bytes = P(0x7d, 0x28, // EMPTY_DICT MARK
      str('a'), 0x4b, 7, str('b'), 0x4d, 0x34, 0x12, str('c'), 0x4a, ...u32(0xfffffffe), // -2
      str('d'), 0x8a, 0x0a, 0x6c, 0xfc, 0x9c, 0x46, 0xf9, 0x20, 0x6a, 0xa8, 0x50, 0x19, // the legacy magic
      str('e'), 0x47, 0x40, 0x09, 0x21, 0xfb, 0x54, 0x44, 0x2d, 0x18, // pi, big-endian
      str('f'), 0x88, str('g'), 0x4e, str('h'), 0x4b, 1, 0x4b, 2, 0x86, // TUPLE2
      str('i'), 0x5d, 0x28, 0x4b, 1, 0x4b, 2, 0x65, // EMPTY_LIST MARK … APPENDS
      0x75); // SETITEMS
    const v = unpickle(bytes, 'p.pkl', hooks).value as Map<string, unknown>;
    expect(v.get('a')).toBe(7);
    expect(v.get('b')).toBe(0x1234);
    expect(v.get('c')).toBe(-2);
    expect(v.get('d')).toBe(0x1950a86a20f9469cfc6cn);
    expect(v.get('e')).toBe(Math.PI);
    expect(v.get('f')).toBe(true);
    expect(v.get('g')).toBe(null);
    expect((v.get('h') as PyTuple).items).toEqual([1, 2]);
    expect(v.get('i')).toEqual([1, 2]);
  });

  it('OrderedDict via REDUCE, _codecs.encode bytes, memo BINPUT/BINGET, allow-listed calls reach the hook', () => {
    const bytes = P(global('collections', 'OrderedDict'), 0x71, 0, 0x29, 0x52, 0x28,
      str('bytes'), global('_codecs', 'encode'), str('\u00ff\u0001'), str('latin1'), 0x86, 0x52,
      str('t'), global('torch._utils', '_rebuild_parameter'), 0x71, 1, 0x4b, 9, 0x85, 0x52,
      0x75);
    const v = unpickle(bytes, 'p.pkl', hooks).value as Map<string, unknown>;
    expect(Array.from(v.get('bytes') as Uint8Array)).toEqual([0xff, 0x01]);
    expect(v.get('t')).toEqual({ fn: 'torch._utils._rebuild_parameter', args: [9] });
  });

  it('protocol 4 STACK_GLOBAL / MEMOIZE / FRAME / SHORT_BINUNICODE', () => {
    const short = (s: string): number[] => [0x8c, enc(s).length, ...enc(s)];
    const bytes = new Uint8Array([0x80, 0x04, 0x95, ...u32(20), 0, 0, 0, 0, ...short('collections'), 0x94, ...short('OrderedDict'), 0x94, 0x93, 0x94, 0x29, 0x52, 0x2e]);
    expect(unpickle(bytes, 'p.pkl', hooks).value).toBeInstanceOf(Map);
  });
});

describe('unpickle: refused', () => {
  it.each([
    ['builtins.eval', P(global('builtins', 'eval'), str('1+1'), 0x85, 0x52)],
    ['posix.system', P(global('posix', 'system'), str('echo'), 0x85, 0x52)],
    ['os.system via STACK_GLOBAL', P(str('os'), str('system'), 0x93)],
    ['builtins.getattr', P(global('builtins', 'getattr'))],
    ['torch.load', P(global('torch', 'load'))],
    ['torch._utils._rebuild_tensor_v3', P(global('torch._utils', '_rebuild_tensor_v3'))],
  ])('GLOBAL %s is refused by name, before anything is called', (name, bytes) => {
    calls.length = 0;
    const dotted = name.split(' ')[0]!;
    expect(refused(bytes)).toContain(`refuses global "${dotted}"`);
    expect(calls).toEqual([]);
  });

  it.each([
    ['INST', P(0x69, enc('os\nsystem\n'))],
    ['OBJ', P(0x28, 0x6f)],
    ['PERSID (text)', P(0x50, enc('x\n'))],
    ['protocol-0 INT', P(0x49, enc('1\n'))],
  ])('opcode %s is not allowed', (_, bytes) => {
    expect(refused(bytes)).toMatch(/is not allowed in a state-dict pickle/);
  });

  it.each([
    ['a memo index never stored', P(0x68, 5), /memo index 5 was never stored/],
    ['a length prefix past the end', new Uint8Array([0x80, 2, 0x58, ...u32(1000), 0x41]), /needs 1000 more bytes/],
    ['an empty pickle', new Uint8Array(0), /needs 1 more bytes/],
    ['no STOP', new Uint8Array([0x80, 2, 0x4e]), /needs 1 more bytes/],
    ['pop from an empty stack', P(0x30), /pops an empty stack/],
    ['SETITEMS without a MARK', P(0x7d, 0x75), /no MARK/],
    ['REDUCE on a string', P(str('x'), 0x29, 0x52), /not an allow-listed global/],
    ['BUILD on a list', P(0x5d, 0x7d, 0x62), /BUILD is allowed only on an OrderedDict/],
    ['OrderedDict with arguments', P(global('collections', 'OrderedDict'), 0x4b, 1, 0x85, 0x52), /called with arguments/],
  ])('%s', (_, bytes, message) => {
    expect(refused(bytes)).toMatch(message);
  });

  it("a ('module', …) persistent id in a torch zip (a pickled nn.Module) is refused", () => {
    const pkl = P(0x28, str('module'), 0x4e, 0x4e, 0x4e, 0x74, 0x51);
    const bytes = zipFile([{ name: 'm/data.pkl', data: pkl }, { name: 'm/version', data: new TextEncoder().encode('3\n') }]);
    expect(() => readCheckpoint(bytes, 'm.bin')).toThrow(/m\.bin: pickle: persistent id must be .*a pickled module/);
  });

  it('PyGlobal names render dotted', () => {
    expect(new PyGlobal('torch', 'FloatStorage').dotted).toBe('torch.FloatStorage');
  });
});

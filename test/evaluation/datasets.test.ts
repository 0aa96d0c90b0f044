// Readers for the evaluation data formats: the real STS benchmark files and crafted edge cases.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseLabelledPairs, parseStsBenchmark, parseTriplets, splitRows } from '../../src/evaluation/index.js';
import { STS_DIR } from './helpers.js';

describe('STS benchmark reader', () => {
  const dev = parseStsBenchmark(readFileSync(`${STS_DIR}/sts-dev.csv`, 'utf-8'), 'sts-dev.csv');

  it('reads every line of the dev and test splits (1500 and 1379 pairs)', () => {
    expect(dev.scores.length).toBe(1500);
    expect(parseStsBenchmark(readFileSync(`${STS_DIR}/sts-test.csv`, 'utf-8'), 'sts-test.csv').scores.length).toBe(1379);
  });

  it('divides the 0..5 scores by 5 and keeps bare quotes (no CSV quoting)', () => {
    expect(dev.sentences1[0]).toBe('A man with a hard hat is dancing.');
    expect(dev.scores[0]).toBe(1);
    expect(dev.scores[3]).toBeCloseTo(0.48, 15); // 2.400 / 5
    expect(dev.sentences2[267]).toBe('a woman is standing by a pillar where "u2" is written.');
    expect(Math.min(...dev.scores)).toBe(0);
    expect(Math.max(...dev.scores)).toBe(1);
  });

  it('reads lines with extra trailing columns by position', () => {
    // sts-dev.csv line 1479 carries two source columns after the sentences.
    expect(dev.sentences1[1478]).toBe("US Supreme Court limits president's recess appointments power");
    expect(dev.sentences2[1478]).toBe("High court checks President's recess appointment power");
    expect(dev.scores[1478]).toBe(1);
  });

  it('names the file, line and column of a bad score, and of a short line', () => {
    const bad = 'g\tf\t2012\t1\tfive\ta\tb\n';
    expect(() => parseStsBenchmark(bad, 'x.csv')).toThrow(ConfigError);
    expect(() => parseStsBenchmark(bad, 'x.csv')).toThrow(/x\.csv: field "line 1 column 5" must be a number.*"five"/);
    expect(() => parseStsBenchmark('g\tf\t2012\t1\t3\tonly one\n', 'y.csv')).toThrow(/y\.csv: field "line 1" needs at least 7/);
  });
});

describe('CSV and TSV rows', () => {
  it('CSV: quoted fields with commas, doubled quotes, line breaks and CRLF', () => {
    const text = 'a,"b, c","say ""hi"""\r\n"multi\nline",x,y\r\n\r\n';
    expect(splitRows(text, 'csv', 't.csv')).toEqual([
      { line: 1, fields: ['a', 'b, c', 'say "hi"'] },
      { line: 2, fields: ['multi\nline', 'x', 'y'] },
    ]);
  });
  it('CSV: an unclosed quote is an error naming the line', () => {
    expect(() => splitRows('a,b,c\nd,"e,f\n', 'csv', 'u.csv')).toThrow(/u\.csv: field "line 2" has a quoted field/);
  });
  it('TSV: quotes are data', () => {
    expect(splitRows('"a"\tb\n', 'tsv', 't.tsv')).toEqual([{ line: 1, fields: ['"a"', 'b'] }]);
  });
});

describe('triplets and pairs readers', () => {
  it('skip an optional header row and read by position', () => {
    const t = parseTriplets('anchor\tpositive\tnegative\nq\tp\tn\n', 't.tsv', 'tsv');
    expect(t).toEqual({ anchors: ['q'], positives: ['p'], negatives: ['n'] });
    const noHeader = parseTriplets('q,p,n\n', 't.csv', 'csv');
    expect(noHeader.anchors).toEqual(['q']);
    const p = parseLabelledPairs('sentence1,sentence2,label\n"a, b",c,1\nd,e,0\n', 'p.csv', 'csv');
    expect(p).toEqual({ sentences1: ['a, b', 'd'], sentences2: ['c', 'e'], labels: [1, 0] });
  });
  it('reject wrong column counts and labels other than 0/1', () => {
    expect(() => parseTriplets('q\tp\n', 't.tsv', 'tsv')).toThrow(/line 1" needs 3 tab-separated columns/);
    expect(() => parseLabelledPairs('a,b,0.5\n', 'p.csv', 'csv')).toThrow(/line 1 column 3" must be the label 0 or 1/);
  });
});

// DOM rendering for the demo: the similarity heat map and the search result table. Every
// number cell carries its full-precision value in data-value so the end-to-end test can read
// exactly what was computed, not the rounded text.

/** Diverging colour: 1 = deep blue, 0 = white, -1 = red. */
export function heatColor(v: number): string {
  const t = Math.max(-1, Math.min(1, v));
  const light = 100 - Math.abs(t) * 55; // 100% (white) .. 45%
  return t >= 0 ? `hsl(215, 80%, ${light}%)` : `hsl(0, 75%, ${light}%)`;
}

function cell(tag: 'td' | 'th', text: string): HTMLTableCellElement {
  const c = document.createElement(tag);
  c.textContent = text;
  return c;
}

export function renderHeatMap(table: HTMLTableElement, labels: string[], matrix: number[][]): void {
  table.replaceChildren();
  const head = document.createElement('tr');
  head.append(cell('th', ''));
  labels.forEach((_, j) => head.append(cell('th', `#${j + 1}`)));
  table.append(head);
  matrix.forEach((row, i) => {
    const tr = document.createElement('tr');
    const th = cell('th', `#${i + 1} ${labels[i] ?? ''}`);
    th.title = labels[i] ?? '';
    tr.append(th);
    row.forEach((v, j) => {
      const td = cell('td', v.toFixed(3));
      td.dataset.i = String(i);
      td.dataset.j = String(j);
      td.dataset.value = String(v);
      td.style.background = heatColor(v);
      if (Math.abs(v) > 0.6) td.style.color = 'white';
      tr.append(td);
    });
    table.append(tr);
  });
}

export interface SearchHit {
  corpusIndex: number;
  score: number;
  text: string;
}

export function renderSearch(table: HTMLTableElement, hits: SearchHit[]): void {
  table.replaceChildren();
  const head = document.createElement('tr');
  head.append(cell('th', 'rank'), cell('th', 'score'), cell('th', 'document'));
  table.append(head);
  hits.forEach((h, rank) => {
    const tr = document.createElement('tr');
    tr.dataset.corpusIndex = String(h.corpusIndex);
    const score = cell('td', h.score.toFixed(4));
    score.className = 'score';
    score.dataset.value = String(h.score);
    score.style.background = heatColor(h.score);
    tr.append(cell('td', String(rank + 1)), score, cell('td', h.text));
    table.append(tr);
  });
}

export function lines(text: string): string[] {
  return text.split('\n').map((s) => s.trim()).filter((s) => s !== '');
}

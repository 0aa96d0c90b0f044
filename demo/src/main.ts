// The demo page: pick a served (or in-page converted) model, embed sentences on the chosen
// backend, show the cosine similarity matrix as a heat map, and search a pasted corpus.
import { isBackendName, useBackend, type BackendInfo } from './backend.js';
import { cachedHttpSource, clearModelCache, type CachedHttpSource } from './cache_source.js';
import { convertPickedFiles } from './convert_in_page.js';
import { loadModel, type DemoModel } from './engine.js';
import { lines, renderHeatMap, renderSearch, type SearchHit } from './render.js';
import type { FileSource } from '../../src/io/file_source.js';

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`demo page lacks #${id}`);
  return el as T;
};

const ui = {
  model: $<HTMLSelectElement>('model-select'),
  backend: $<HTMLSelectElement>('backend-select'),
  load: $<HTMLButtonElement>('load-btn'),
  clearCache: $<HTMLButtonElement>('clear-cache-btn'),
  status: $<HTMLDivElement>('status'),
  backendInfo: $<HTMLDivElement>('backend-info'),
  sentences: $<HTMLTextAreaElement>('sentences'),
  simBtn: $<HTMLButtonElement>('similarity-btn'),
  simTime: $<HTMLDivElement>('similarity-time'),
  simTable: $<HTMLTableElement>('similarity-table'),
  corpus: $<HTMLTextAreaElement>('corpus'),
  query: $<HTMLInputElement>('query'),
  topK: $<HTMLInputElement>('top-k'),
  searchBtn: $<HTMLButtonElement>('search-btn'),
  searchTime: $<HTMLDivElement>('search-time'),
  searchTable: $<HTMLTableElement>('search-table'),
  convertFiles: $<HTMLInputElement>('convert-files'),
  convertDir: $<HTMLInputElement>('convert-dir'),
  convertBtn: $<HTMLButtonElement>('convert-btn'),
  convertStatus: $<HTMLDivElement>('convert-status'),
};

interface State {
  backend?: BackendInfo;
  model?: DemoModel;
  /** Models converted in this page: name -> in-memory source. */
  picked: Map<string, FileSource>;
  corpusKey?: string;
  corpusEmbeddings?: Float32Array[];
}
const state: State = { picked: new Map() };

function setStatus(el: HTMLElement, text: string, kind: 'busy' | 'ready' | 'error' | 'idle'): void {
  el.textContent = text;
  el.dataset.state = kind;
}

function backendLabel(b: BackendInfo): string {
  const threads = b.wasmThreads === undefined ? '' : `, ${b.wasmThreads} thread${b.wasmThreads === 1 ? '' : 's'}`;
  return `${b.name}${threads}${b.crossOriginIsolated ? ', cross-origin isolated' : ''}`;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

async function load(): Promise<void> {
  const name = ui.model.value;
  setStatus(ui.status, `Loading ${name} …`, 'busy');
  ui.simBtn.disabled = ui.searchBtn.disabled = true;
  state.model?.dispose();
  state.model = undefined;
  state.corpusKey = undefined;
  // Results on screen belong to the previous model.
  for (const t of [ui.simTable, ui.searchTable]) t.replaceChildren();
  ui.simTime.textContent = ui.searchTime.textContent = '';
  try {
    const picked = state.picked.get(name);
    const http: CachedHttpSource | undefined = picked === undefined ? cachedHttpSource(`/models/${encodeURIComponent(name)}/`) : undefined;
    const [model, ms] = await timed(() => loadModel(picked ?? http!));
    state.model = model;
    const cache = http === undefined ? ' (converted in this page)' : ` (${http.stats.downloads} files downloaded, ${http.stats.hits} from the browser cache)`;
    setStatus(ui.status, `Loaded ${name} in ${ms.toFixed(0)} ms${cache}. ${model.info}`, 'ready');
    ui.simBtn.disabled = ui.searchBtn.disabled = false;
  } catch (e) {
    setStatus(ui.status, `Could not load ${name}: ${(e as Error).message}`, 'error');
  }
}

async function similarity(): Promise<void> {
  const model = state.model;
  if (model === undefined) return;
  const sentences = lines(ui.sentences.value);
  if (sentences.length === 0) return;
  ui.simBtn.disabled = true;
  try {
    const [emb, ms] = await timed(() => model.encode(sentences));
    renderHeatMap(ui.simTable, sentences, model.similarity(emb, emb));
    ui.simTime.textContent = `${sentences.length} sentences in one batch: ${ms.toFixed(1)} ms on ${backendLabel(state.backend!)}`;
    ui.simTime.dataset.ms = String(ms);
  } catch (e) {
    ui.simTime.textContent = `error: ${(e as Error).message}`;
  } finally {
    ui.simBtn.disabled = false;
  }
}

async function search(): Promise<void> {
  const model = state.model;
  if (model === undefined) return;
  const docs = lines(ui.corpus.value);
  const query = ui.query.value.trim();
  if (docs.length === 0 || query === '') return;
  ui.searchBtn.disabled = true;
  try {
    let corpusMs = 0;
    if (state.corpusKey !== ui.corpus.value || state.corpusEmbeddings === undefined) {
      [state.corpusEmbeddings, corpusMs] = await timed(() => model.encode(docs));
      state.corpusKey = ui.corpus.value;
    }
    const [q, queryMs] = await timed(() => model.encode([query]));
    const scores = model.similarity(q, state.corpusEmbeddings)[0]!;
    const k = Math.max(1, Math.min(docs.length, Number(ui.topK.value) || 3));
    const hits: SearchHit[] = scores
      .map((score, corpusIndex) => ({ score, corpusIndex, text: docs[corpusIndex]! }))
      .sort((a, b) => b.score - a.score)
      .slice(0, k);
    renderSearch(ui.searchTable, hits);
    const corpus = corpusMs > 0 ? `corpus of ${docs.length}: ${corpusMs.toFixed(1)} ms, ` : `corpus of ${docs.length}: cached, `;
    ui.searchTime.textContent = `${corpus}query: ${queryMs.toFixed(1)} ms on ${backendLabel(state.backend!)}`;
  } catch (e) {
    ui.searchTime.textContent = `error: ${(e as Error).message}`;
  } finally {
    ui.searchBtn.disabled = false;
  }
}

async function convert(): Promise<void> {
  const files = [...(ui.convertFiles.files ?? []), ...(ui.convertDir.files ?? [])];
  if (files.length === 0) {
    setStatus(ui.convertStatus, 'Pick a checkpoint file, a zip, or a model folder first.', 'error');
    return;
  }
  setStatus(ui.convertStatus, `Converting ${files.length} file(s) …`, 'busy');
  try {
    const [out, ms] = await timed(() => convertPickedFiles(files));
    state.picked.set(out.name, out.source);
    const opt = new Option(`${out.name} (converted in page)`, out.name);
    ui.model.add(opt);
    ui.model.value = out.name;
    setStatus(ui.convertStatus, `Converted in ${ms.toFixed(0)} ms: ${out.summary}`, 'ready');
    await load();
  } catch (e) {
    setStatus(ui.convertStatus, `Conversion failed: ${(e as Error).message}`, 'error');
  }
}

async function main(): Promise<void> {
  const params = new URLSearchParams(location.search);
  const backend = params.get('backend') ?? 'wasm';
  if (!isBackendName(backend)) throw new Error(`unknown backend '${backend}' in ?backend=`);
  ui.backend.value = backend;
  ui.backend.addEventListener('change', () => {
    // A backend switch reloads the page: weights live on one backend, and WebGPU cannot read
    // its tensors back synchronously to move them.
    params.set('backend', ui.backend.value);
    params.set('model', ui.model.value);
    location.search = params.toString();
  });
  state.backend = await useBackend(backend);
  ui.backendInfo.textContent = `backend: ${backendLabel(state.backend)}`;
  ui.backendInfo.dataset.backend = state.backend.name;

  const served = (await (await fetch('/models/index.json')).json()) as string[];
  for (const name of served) ui.model.add(new Option(name, name));
  const wanted = params.get('model');
  if (wanted !== null && served.includes(wanted)) ui.model.value = wanted;
  if (served.length === 0) setStatus(ui.status, 'No converted models are served: run `npm run demo`, which converts one first.', 'error');

  ui.load.addEventListener('click', () => void load());
  ui.clearCache.addEventListener('click', () => void clearModelCache().then((had) => setStatus(ui.status, had ? 'Browser cache cleared.' : 'Nothing was cached.', 'idle')));
  ui.simBtn.addEventListener('click', () => void similarity());
  ui.searchBtn.addEventListener('click', () => void search());
  ui.convertBtn.addEventListener('click', () => void convert());
  document.body.dataset.ready = 'true';
  if (params.get('autoload') === '1' && served.length > 0) await load();
}

main().catch((e: unknown) => setStatus(ui.status, `Demo failed to start: ${(e as Error).message}`, 'error'));

// The "./hub" package entry: downloading sentence-transformers repositories from a Hugging
// Face-style hub without a file system (browsers, workers), kept out of the main entry so pages
// that load converted folders do not carry it. Use it through SentenceTransformer.load's resolve
// option: SentenceTransformer.load('owner/name', { resolve: (x) => resolveInMemory(x) }).
export { resolveInMemory } from './memory_resolve.js';
export { fetchHubFiles, hubFileUrl, DEFAULT_ENDPOINT, type HubOptions } from './hub_files.js';
export { downloadBytes, type DownloadProgress, type DownloadOptions } from './download.js';

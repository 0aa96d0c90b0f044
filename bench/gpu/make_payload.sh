#!/usr/bin/env bash
# Builds .gpu/, everything the GPU machine needs beside the tracked tree (which carries
# test/fixtures): it has no internet, maybe no Node, and only the working tree + `carry` travel.
#
#   .gpu/node.xz                  this machine's Node 20 binary (skip with WITH_NODE=0)
#   .gpu/webgpu/                  npm `webgpu` 0.6.2 pruned to index.js, package.json and
#                                 dist/linux-x64/dawn.node.xz (run_device.sh unpacks it)
#   .gpu/bench.mjs                bench/gpu/webgpu_bench.ts and the library, one esbuild bundle
#   .gpu/inputs.json              fixed workloads + every STSb test sentence (make_inputs.ts)
#   .gpu/model/                   all-MiniLM-L6-v2's config, tokenizer and module files, and
#                                 weight_shapes.json (its checkpoint's tensor names and shapes)
#
# Usage: bash bench/gpu/make_payload.sh     (env: SBERT_BENCH_MODEL, WEBGPU_TGZ, NODE_BIN, WITH_NODE)
#        BUILD_FROM=HEAD bash bench/gpu/make_payload.sh   bundles a clean `git archive` of that
#        revision instead of the working tree (others' uncommitted edits stay out of the numbers).
# .gpu/build.json records the revision and any uncommitted source files that went in.
# .gpu/ is ignored through .git/info/exclude (a local build output, not part of the project).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
P=$ROOT/.gpu
MODEL=${SBERT_BENCH_MODEL:-$ROOT/.cache/models/all-MiniLM-L6-v2}
WEBGPU_TGZ=${WEBGPU_TGZ:-/tmp/wgpkg/webgpu-0.6.2.tgz}
NODE_BIN=${NODE_BIN:-$(command -v node)}
WITH_NODE=${WITH_NODE:-1}
LIMIT=$((45 * 1024 * 1024))

grep -qx '/.gpu/' .git/info/exclude 2>/dev/null || echo '/.gpu/' >>.git/info/exclude
[ -f "$MODEL/model.safetensors" ] || { echo "make_payload: $MODEL/model.safetensors missing: npm run fetch-model" >&2; exit 1; }
[ -d node_modules/@tensorflow/tfjs-backend-webgpu ] || { echo "make_payload: node_modules/@tensorflow/tfjs-backend-webgpu missing: npm ci" >&2; exit 1; }
SCRATCH=$(mktemp -d)
trap 'rm -rf "$SCRATCH"' EXIT
if [ ! -f "$WEBGPU_TGZ" ]; then
  # The registry's own client, into a scratch folder: node_modules stays as package-lock says.
  (cd "$SCRATCH" && npm pack webgpu@0.6.2 >/dev/null)
  WEBGPU_TGZ=$SCRATCH/webgpu-0.6.2.tgz
fi

# A node.xz of the same binary is kept from the last build (compressing it takes a minute).
stamp="$NODE_BIN $("$NODE_BIN" --version) $(stat -c %s-%Y "$NODE_BIN")"
if [ "$WITH_NODE" = 1 ] && [ -f "$P/node.xz" ] && [ "$(cat "$P/node.stamp" 2>/dev/null)" = "$stamp" ]; then
  mv "$P/node.xz" "$SCRATCH/node.xz"
fi
rm -rf "$P"
mkdir -p "$P/webgpu/dist/linux-x64" "$P/model/1_Pooling"

# Node (the device image may have none). xz: 98 MB -> about 24 MB.
if [ "$WITH_NODE" = 1 ]; then
  major=$("$NODE_BIN" -p 'process.versions.node.split(".")[0]')
  [ "$major" -ge 20 ] || { echo "make_payload: $NODE_BIN is Node $major, need >= 20" >&2; exit 1; }
  if [ -f "$SCRATCH/node.xz" ]; then
    mv "$SCRATCH/node.xz" "$P/node.xz"
  else
    echo "make_payload: compressing $NODE_BIN ($("$NODE_BIN" --version))…"
    xz -T0 -6 -c "$NODE_BIN" >"$P/node.xz"
  fi
  echo "$stamp" >"$P/node.stamp"
fi

# Dawn for Node: only what linux-x64 loads.
tar xzf "$WEBGPU_TGZ" -C "$SCRATCH" package/index.js package/package.json package/dist/linux-x64/dawn.node
cp "$SCRATCH/package/index.js" "$SCRATCH/package/package.json" "$P/webgpu/"
xz -T0 -6 -c "$SCRATCH/package/dist/linux-x64/dawn.node" >"$P/webgpu/dist/linux-x64/dawn.node.xz"

# The real model's small files (tokenizer, configs, modules); weights are made random there.
for f in config.json tokenizer.json tokenizer_config.json special_tokens_map.json vocab.txt \
  sentence_bert_config.json modules.json config_sentence_transformers.json 1_Pooling/config.json; do
  cp "$MODEL/$f" "$P/model/$f"
done
# The sources to bundle: the working tree, or a clean export of BUILD_FROM.
SRC=$ROOT
if [ -n "${BUILD_FROM:-}" ]; then
  SRC=$SCRATCH/src
  mkdir -p "$SRC"
  git archive "$BUILD_FROM" | tar -x -C "$SRC"
  ln -s "$ROOT/node_modules" "$SRC/node_modules"
fi
dirty=$([ -n "${BUILD_FROM:-}" ] || git status --porcelain -- src converters bench/gpu bench/lib | sed 's/^/  /')
printf '{"built_at": "%s", "git_rev": "%s", "build_from": "%s", "uncommitted": %s}\n' \
  "$(date -u +%FT%TZ)" "$(git rev-parse "${BUILD_FROM:-HEAD}")" "${BUILD_FROM:-working tree}" \
  "$(printf '%s' "$dirty" | python3 -c 'import json,sys; print(json.dumps([l.strip() for l in sys.stdin if l.strip()]))')" >"$P/build.json"
[ -z "$dirty" ] || printf 'make_payload: WARNING: uncommitted sources go into the bundle:\n%s\n' "$dirty"

(cd "$SRC" && SBERT_STSB_DIR=${SBERT_STSB_DIR:-$ROOT/../shared/data/stsbenchmark} "$ROOT/node_modules/.bin/tsx" bench/gpu/make_inputs.ts "$P" --model "$MODEL")

# One ESM bundle. The banner gives bundled CommonJS code (tfjs's node builds, emscripten's wasm
# loader) the require/__dirname that ESM lacks. `webgpu` is imported at run time from .gpu/webgpu.
(cd "$SRC" && "$ROOT/node_modules/.bin/esbuild" bench/gpu/webgpu_bench.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile="$P/bench.mjs" --log-level=warning --external:node-fetch \
  --banner:js="import { createRequire as __cr } from 'node:module'; import { fileURLToPath as __f2p } from 'node:url'; import { dirname as __dn } from 'node:path'; const require = __cr(import.meta.url); const __filename = __f2p(import.meta.url); const __dirname = __dn(__filename);")

total=$(du -sb "$P" | cut -f1)
echo "make_payload: $P:"
(cd "$P" && find . -type f -printf '  %8s  %p\n' | sort -k2)
echo "make_payload: total $total bytes ($((total / 1024 / 1024)) MiB; limit 45 MiB)"
[ "$total" -lt "$LIMIT" ] || { echo "make_payload: payload too large" >&2; exit 1; }

#!/usr/bin/env bash
# Build the Python reference venv (.venv at the repo root) from the pins in this folder.
# Idempotent: when .venv already holds exactly these pins (stamp = hash of requirements.txt +
# constraints.txt, and every pinned version installed) it returns in well under a second.
# torch comes from the CPU wheel that pip's configured --find-links offers; never plain `torch`.
set -euo pipefail
cd "$(dirname "$0")/../.."
REQ=test/reference/requirements.txt
CON=test/reference/constraints.txt
VENV="${SBERT_VENV:-.venv}"  # override only to test a fresh build elsewhere
STAMP="$VENV/.sbert-reference.sha256"
want=$(cat "$REQ" "$CON" | sha256sum | cut -d' ' -f1)
# Cheap check (no heavy imports): every pinned distribution is installed at its pinned version.
check="import importlib.metadata as m, re, sys
bad = []
for line in open('$REQ'):
    line = line.split('#')[0].strip()
    if '==' not in line: continue
    name, ver = line.split('==')
    try: got = m.version(name.strip())
    except m.PackageNotFoundError: got = None
    if got is None or got.split('+')[0] != ver.strip(): bad.append(f'{name}=={ver} (found {got})')
sys.exit('not installed: ' + ', '.join(bad) if bad else 0)"

if [ -x "$VENV/bin/python" ] && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ] && "$VENV/bin/python" -c "$check" 2>/dev/null; then
  echo "[setup:python] $VENV is up to date"
  exit 0
fi
start=$(date +%s)
[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --disable-pip-version-check --quiet -r "$REQ" -c "$CON"
"$VENV/bin/python" -c "$check"
"$VENV/bin/python" -c 'import torch, transformers, sentence_transformers, tokenizers, sentencepiece, safetensors, scipy'
echo "$want" > "$STAMP"
"$VENV/bin/python" -c 'import torch, transformers, sentence_transformers as st; print(f"[setup:python] torch {torch.__version__}, transformers {transformers.__version__}, sentence-transformers {st.__version__}")'
echo "[setup:python] done in $(( $(date +%s) - start ))s"

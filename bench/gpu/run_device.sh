#!/usr/bin/env bash
# The one command for the GPU machine (x86-64, NVIDIA, no internet, maybe no Node), run from the
# repo root with `.gpu` (bench/gpu/make_payload.sh) and `.gl` (Vulkan/GL loader debs) carried:
#
#   bash bench/gpu/run_device.sh
#
# 1. Node: the system's if >= 20, else .gpu/node.xz unpacked to /tmp; dawn.node unpacked to /tmp.
# 2. Vulkan loader: the .gl debs unpacked into / when ldconfig knows no libvulkan.so.1; the NVIDIA
#    ICD named through VK_DRIVER_FILES when the loader's own folders hold none.
# 3. webgpu_bench (sbert-tfjs on tfjs-backend-webgpu via Dawn), then st_cuda_bench.py
#    (sentence-transformers on torch CUDA), each under a timeout; each goes on if the other fails.
# Logs and JSON go to $OUT (webgpu.log/json, st_cuda.log/json, env.log). Exit 0 only if both ran.
#
# Local check (no GPU, leaves / alone): SKIP_GL=1 PY_DEVICE=cpu BENCH_ARGS=--quick OUT=/tmp/x bash bench/gpu/run_device.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
OUT=${OUT:-$PWD/.gpu/out}
mkdir -p "$OUT"
BENCH_ARGS=${BENCH_ARGS:-}
PY_DEVICE=${PY_DEVICE:-cuda}
WEBGPU_TIMEOUT=${WEBGPU_TIMEOUT:-270}
PY_TIMEOUT=${PY_TIMEOUT:-150}
T0=$(date +%s)
say() { echo "run_device [$(($(date +%s) - T0)) s]: $*"; }
FAILED=()

# xz may be missing on the image; Python's lzma reads the same files.
unxz_to() { # SRC DEST
  if command -v xz >/dev/null; then xz -dc "$1" >"$2"; else python3 -c 'import lzma,shutil,sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' "$1" "$2"; fi
}

{
  say "host $(uname -srm); $(grep PRETTY_NAME /etc/os-release 2>/dev/null)"
  nvidia-smi -L || say "nvidia-smi -L failed"
  nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.sm --format=csv 2>/dev/null
} 2>&1 | tee "$OUT/env.log"

# ---- Node ---------------------------------------------------------------------------------------
NODE=""
if [ "${FORCE_CARRIED_NODE:-0}" != 1 ] && command -v node >/dev/null && [ "$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)" -ge 20 ]; then
  NODE=$(command -v node)
elif [ -f .gpu/node.xz ]; then
  mkdir -p /tmp/sbert-gpu && unxz_to .gpu/node.xz /tmp/sbert-gpu/node && chmod +x /tmp/sbert-gpu/node && NODE=/tmp/sbert-gpu/node
fi
if [ -n "$NODE" ] && "$NODE" --version >/dev/null 2>&1; then
  say "node $NODE $("$NODE" --version)" | tee -a "$OUT/env.log"
else
  say "FAILED: no usable Node (none >= 20 on PATH, .gpu/node.xz missing or not runnable)" | tee -a "$OUT/env.log"
  NODE=""
fi

# ---- Dawn ---------------------------------------------------------------------------------------
WEBGPU_DIR=/tmp/sbert-gpu/webgpu
mkdir -p "$WEBGPU_DIR/dist/linux-x64"
cp .gpu/webgpu/index.js .gpu/webgpu/package.json "$WEBGPU_DIR/" &&
  unxz_to .gpu/webgpu/dist/linux-x64/dawn.node.xz "$WEBGPU_DIR/dist/linux-x64/dawn.node" ||
  say "FAILED: unpacking .gpu/webgpu (run bench/gpu/make_payload.sh and carry .gpu)"

# ---- Vulkan loader and driver ------------------------------------------------------------------
{
  if ldconfig -p | grep -q 'libvulkan.so.1'; then
    say "libvulkan.so.1 already known to ldconfig"
  elif [ "${SKIP_GL:-0}" = 1 ]; then
    say "SKIP_GL=1: not unpacking .gl (local check)"
  elif ls .gl/*.deb >/dev/null 2>&1; then
    for f in .gl/*.deb; do dpkg -x "$f" /; done
    ldconfig
    say "unpacked $(ls .gl/*.deb | wc -l) debs from .gl; $(ldconfig -p | grep -c 'libvulkan.so') libvulkan entries now"
  else
    say "no libvulkan and no .gl/*.deb carried: Dawn will find no adapter"
  fi
  say "loader/driver libraries: $(ldconfig -p | grep -oE '(libvulkan|libGLX_nvidia|libEGL_nvidia|libnvidia-glvkspirv)[^ ]*' | sort -u | tr '\n' ' ')"
  ICDS=$(ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json 2>/dev/null | tr '\n' ' ')
  NV_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
  say "Vulkan ICDs in the loader's folders: ${ICDS:-none}; $NV_ICD: $([ -f $NV_ICD ] && echo present || echo absent)"
} 2>&1 | tee -a "$OUT/env.log"
NV_ICD=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
if ! ls /usr/share/vulkan/icd.d/*.json /etc/vulkan/icd.d/*.json >/dev/null 2>&1 && [ -f "$NV_ICD" ]; then
  export VK_DRIVER_FILES=$NV_ICD VK_ICD_FILENAMES=$NV_ICD
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
  say "VK_DRIVER_FILES=$VK_DRIVER_FILES" | tee -a "$OUT/env.log"
fi

# ---- sbert-tfjs on webgpu ------------------------------------------------------------------------
run_webgpu() {
  # shellcheck disable=SC2086 # BENCH_ARGS and DAWN_ARGS are word lists
  timeout -k 10 "$WEBGPU_TIMEOUT" "$NODE" .gpu/bench.mjs --backend webgpu --webgpu-dir "$WEBGPU_DIR" --out "$OUT/webgpu.json" $BENCH_ARGS ${DAWN_ARGS:-} 2>&1 | tee -a "$OUT/webgpu.log"
  return "${PIPESTATUS[0]}"
}
if [ -n "$NODE" ]; then
  say "webgpu_bench (timeout ${WEBGPU_TIMEOUT} s)…"
  run_webgpu
  rc=$?
  # No adapter with the loader's own ICD search: try once more naming NVIDIA's ICD (fails fast).
  if [ "$rc" = 2 ] && [ -z "${VK_DRIVER_FILES:-}" ] && [ -f "$NV_ICD" ]; then
    export VK_DRIVER_FILES=$NV_ICD VK_ICD_FILENAMES=$NV_ICD
    say "no adapter; retrying with VK_DRIVER_FILES=$NV_ICD" | tee -a "$OUT/webgpu.log"
    run_webgpu
    rc=$?
  fi
  case $rc in
    0) say "webgpu_bench OK" ;;
    124 | 137) FAILED+=("webgpu_bench timed out after ${WEBGPU_TIMEOUT} s (partial numbers in webgpu.json)") ;;
    2) FAILED+=("webgpu_bench: no WebGPU adapter / backend (see webgpu.log, env.log)") ;;
    *) FAILED+=("webgpu_bench exit $rc (see webgpu.log)") ;;
  esac
else
  FAILED+=("webgpu_bench not run: no Node")
fi

# A second webgpu run with other tfjs flags (e.g. WEBGPU_ARGS_2="--tf-flag WEBGPU_CPU_FORWARD=false"),
# into webgpu_2.json / webgpu_2.log.
if [ -n "$NODE" ] && [ -n "${WEBGPU_ARGS_2:-}" ]; then
  say "webgpu_bench, second run: $WEBGPU_ARGS_2"
  # shellcheck disable=SC2086
  timeout -k 10 "$WEBGPU_TIMEOUT" "$NODE" .gpu/bench.mjs --backend webgpu --webgpu-dir "$WEBGPU_DIR" --out "$OUT/webgpu_2.json" $BENCH_ARGS $WEBGPU_ARGS_2 ${DAWN_ARGS:-} 2>&1 | tee "$OUT/webgpu_2.log"
  [ "${PIPESTATUS[0]}" = 0 ] || FAILED+=("webgpu_bench second run failed (see webgpu_2.log)")
fi

# ---- sentence-transformers on torch CUDA -----------------------------------------------------------
if [ "${SKIP_PY:-0}" = 1 ]; then say "st_cuda_bench skipped (SKIP_PY=1)"; else
say "st_cuda_bench --device $PY_DEVICE (timeout ${PY_TIMEOUT} s)…"
PY_OUT=$OUT/st_cuda.json
[ "$PY_DEVICE" = cuda ] || PY_OUT=$OUT/st_$PY_DEVICE.json
# shellcheck disable=SC2086
PYTHONUNBUFFERED=1 HF_HUB_OFFLINE=1 timeout -k 10 "$PY_TIMEOUT" "${PYTHON:-python3}" bench/gpu/st_cuda_bench.py --device "$PY_DEVICE" --out "$PY_OUT" $BENCH_ARGS 2>&1 | tee "$OUT/st_cuda.log"
rc=${PIPESTATUS[0]}
case $rc in
  0) say "st_cuda_bench OK" ;;
  124 | 137) FAILED+=("st_cuda_bench timed out after ${PY_TIMEOUT} s (partial numbers in st_cuda.json)") ;;
  *) FAILED+=("st_cuda_bench exit $rc (see st_cuda.log)") ;;
esac
fi

say "done; files in $OUT: $(ls "$OUT" | tr '\n' ' ')"
if [ ${#FAILED[@]} -eq 0 ]; then
  say "ALL OK"
  exit 0
fi
for f in "${FAILED[@]}"; do say "FAILED: $f"; done
exit 1

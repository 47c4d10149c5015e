#!/usr/bin/env bash
# pi-estimate: what Kindred's reader would cost a Raspberry Pi 4 a frame,
# from the work it does rather than this machine's speed (this machine has
# no hardware counters to read; valgrind counts every instruction).
#   bench/pi-estimate.sh [BUILD_DIR]
# Counts the instructions FrameScanner::Scan runs (callgrind) on the camera
# simulation's frames from a Camera Module 3 at 1280x960: a badge held up in
# each condition (every frame until it reads), and a person without a badge
# in front (a face, hands, a page of text). A Pi 4's Cortex-A72 at 1.5 GHz
# runs 0.8 to 1.5 instructions a cycle on integer code like this; the
# arm64 build runs about as many instructions as the x86-64 one (both at
# their baseline: SSE2 and NEON). Beside it, this machine's own time a frame.
set -euo pipefail
build=${1:-build}
command -v valgrind >/dev/null || { echo "pi-estimate: needs valgrind (sudo apt-get install valgrind)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
bench=$build/bench/scan-bench
count() {  # count PART: instructions in Scan, and the frames decoded
  valgrind --tool=callgrind --callgrind-out-file="$tmp/$1.cg" --toggle-collect='kindred::FrameScanner::Scan*' \
    "$bench" --only "$1" --kindred-only --badges 1 --camera rpicam > "$tmp/$1.txt" 2> /dev/null
  callgrind_annotate "$tmp/$1.cg" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }' > "$tmp/$1.ir"
}
count streams & count nobody & wait
frames_badge=$(grep -o '([0-9]* frames)' "$tmp/streams.txt" | grep -o '[0-9]*' | awk '{ s += $1 } END { print s }')
frames_nobody=$(grep -o '[0-9]* frames of a face' "$tmp/nobody.txt" | grep -o '^[0-9]*')
native=$("$bench" --only nobody --kindred-only --camera rpicam | grep -o "reader [0-9.]* ms" | grep -o '[0-9.]*')
# This machine's time a frame over the same kind of frames (every frame decoded, four badges a condition).
native_badge=$("$bench" --only streams --kindred-only --badges 4 --camera rpicam | grep Kindred |
  grep -o '[0-9.]* ms ([0-9]* frames)' | tr -d '(' | awk '{ t += $1 * $3; n += $3 } END { printf "%.2f", t / n }')
awk -v ir="$(cat "$tmp/streams.ir")" -v n="$frames_badge" -v here="$native_badge" \
  'BEGIN { f = ir / n; printf "a badge held up (%d frames): %.0f M instructions a frame; a Pi 4: %.0f-%.0f ms a frame (this machine: %s ms)\n", n, f / 1e6, f / 1.5e9 / 1.5 * 1e3, f / 1.5e9 / 0.8 * 1e3, here }'
awk -v ir="$(cat "$tmp/nobody.ir")" -v n="$frames_nobody" -v here="$native" \
  'BEGIN { f = ir / n; printf "nobody with a badge in front (%d frames): %.0f M instructions a frame; a Pi 4: %.0f-%.0f ms a frame (this machine: %s ms)\n", n, f / 1e6, f / 1.5e9 / 1.5 * 1e3, f / 1.5e9 / 0.8 * 1e3, here }'

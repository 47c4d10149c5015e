#!/usr/bin/env bash
# kiosk-cost: what the kiosk costs on this machine, measured for real.
#   bench/kiosk-cost.sh [BUILD_DIR]
# 1. Cold start to the first frame with a 50,000-person event, Latin names and
#    international ones (CJK, Arabic, Hebrew), with the font atlas's size.
# 2. CPU used while idle on the attract screen (camera off), over 20 seconds,
#    three times; offscreen (Mesa llvmpipe), which like the Pi's KMSDRM has no
#    native event wait, with touch input fed as the Pi's panel gives it (a
#    FIFO of finger events, read every loop).
# 3. Tap to screen by finger (as on the Pi) and in Xvfb (kiosk-tap-bench), when built.
# Each figure: the median of three runs.
set -euo pipefail
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

awk 'BEGIN {
  print "badge_id,name,email,company,title,field,stage,passions,offers,seeking,consent"
  srand(1)
  for (i = 0; i < 50000; i++)
    printf "B%06d,Person %d,p%d@example.org,Co %d,Title,field %d,mid career,passion %d; passion %d; passion %d,offer %d,offer %d,yes\n",
      i, i, i, i % 977, i % 12, int(rand() * 200), int(rand() * 200), int(rand() * 200), int(rand() * 50), int(rand() * 50)
}' > "$tmp/roster.csv"
"$build/cli/kindred" import "$tmp/roster.csv" --db "$tmp/event.db" > /dev/null

echo "kiosk-cost: 50,000 attendees, $(nproc) cores"
export SDL_VIDEODRIVER=offscreen
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
for run in 1 2 3; do
  "$build/kiosk/kindred-kiosk" --db "$tmp/event.db" --size 800x480 --no-camera --no-sounds \
    --screenshot "$tmp/first.png" 2>&1 | grep -o 'first frame after [0-9]* ms' | grep -o '[0-9]*' >> "$tmp/cold"
  echo "cold start, run $run: $(tail -n 1 "$tmp/cold") ms"
done
echo "cold start to the first frame: $(median < "$tmp/cold") ms (median of three runs; goal: under 1 s)"

# 1b. The same, for an international event: every third person has a Japanese
# or Chinese name (from 3,000 common characters), every seventh an Arabic or
# Hebrew one; the atlas loads every glyph the names and the five languages'
# catalogues use. Side by side with the Latin-only event above.
LC_ALL=C awk 'function u(cp) {  # one code point as UTF-8 (C locale: printf %c is a byte)
    if (cp < 2048) return sprintf("%c%c", 192 + int(cp / 64), 128 + cp % 64)
    return sprintf("%c%c%c", 224 + int(cp / 4096), 128 + int(cp / 64) % 64, 128 + cp % 64)
  }
  BEGIN {
  print "badge_id,name,email,company,title,field,stage,passions,offers,seeking,consent,language"
  srand(2)
  for (i = 0; i < 50000; i++) {
    name = "Person " i; lang = ""
    if (i % 3 == 0) { name = ""; for (k = 0; k < 2 + i % 2; k++) name = name u(19968 + int(rand() * 3000)); lang = "ja" }
    else if (i % 7 == 0) { name = ""; for (k = 0; k < 5; k++) name = name u((i % 2 ? 1575 : 1488) + int(rand() * 26)); lang = "" }
    printf "I%06d,%s,p%d@example.org,Co %d,Title,field %d,mid career,passion %d; passion %d,offer %d,offer %d,yes,%s\n",
      i, name, i, i % 977, i % 12, int(rand() * 200), int(rand() * 200), int(rand() * 50), int(rand() * 50), lang
  }
}' > "$tmp/world.csv"
"$build/cli/kindred" import "$tmp/world.csv" --db "$tmp/world.db" > /dev/null
for run in 1 2 3; do
  "$build/kiosk/kindred-kiosk" --db "$tmp/world.db" --size 800x480 --no-camera --no-sounds \
    --screenshot "$tmp/first.png" 2> "$tmp/world.log" || true
  grep -o 'first frame after [0-9]* ms' "$tmp/world.log" | grep -o '[0-9]*' >> "$tmp/world-cold"
  grep -o 'font atlas [0-9]* KiB' "$tmp/world.log" | grep -o '[0-9]*' > "$tmp/world-atlas"
  echo "cold start, international event, run $run: $(tail -n 1 "$tmp/world-cold") ms"
done
"$build/kiosk/kindred-kiosk" --db "$tmp/event.db" --size 800x480 --no-camera --no-sounds \
  --screenshot "$tmp/first.png" 2> "$tmp/latin.log" || true
echo "cold start to the first frame, international event (CJK, Arabic, Hebrew names): $(median < "$tmp/world-cold") ms" \
  "(median of three runs; goal: under 1 s); font atlas $(cat "$tmp/world-atlas") KiB at 800x480," \
  "beside $(grep -o 'font atlas [0-9]* KiB' "$tmp/latin.log" | grep -o '[0-9]*') KiB for the Latin-only event"

hz=$(getconf CLK_TCK)
for run in 1 2 3; do
  rm -f "$tmp/touch"
  mkfifo "$tmp/touch"
  "$build/kiosk/kindred-kiosk" --db "$tmp/event.db" --size 800x480 --no-camera --no-sounds \
    --input-events "$tmp/touch" 2> "$tmp/log" &
  pid=$!
  sleep 3  # past start-up
  before=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  sleep 20
  after=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
  kill -TERM "$pid"
  wait "$pid" || true
  awk -v t=$((after - before)) -v hz="$hz" -v run="$run" \
    'BEGIN { printf "idle, run %d: %.2f%% of one core (%d ticks in 20 s)\n", run, 100 * t / hz / 20, t }'
  echo $((after - before)) >> "$tmp/idle"
done
awk -v t="$(median < "$tmp/idle")" -v hz="$hz" \
  'BEGIN { printf "idle on the attract screen: %.2f%% of one core (median of three runs; goal: at most 0.5%%)\n", 100 * t / hz / 20 }'

if [[ -x "$build/bench/kiosk-tap-bench" ]]; then
  "$build/bench/kiosk-tap-bench"
fi

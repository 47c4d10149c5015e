#!/usr/bin/env bash
# kiosk-cost: what the kiosk costs on this machine, measured for real.
#   bench/kiosk-cost.sh [BUILD_DIR]
# 1. Cold start to the first frame with a 50,000-person event.
# 2. CPU used while idle on the attract screen (camera off), over 20 seconds.
# Renders offscreen (Mesa llvmpipe) unless a display is set.
set -euo pipefail
build=${1:-build}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[[ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]] || export SDL_VIDEODRIVER=offscreen

awk 'BEGIN {
  print "badge_id,name,email,company,title,field,stage,passions,offers,seeking,consent"
  srand(1)
  for (i = 0; i < 50000; i++)
    printf "B%06d,Person %d,p%d@example.org,Co %d,Title,field %d,mid career,passion %d; passion %d; passion %d,offer %d,offer %d,yes\n",
      i, i, i, i % 977, i % 12, int(rand() * 200), int(rand() * 200), int(rand() * 200), int(rand() * 50), int(rand() * 50)
}' > "$tmp/roster.csv"
"$build/cli/kindred" import "$tmp/roster.csv" --db "$tmp/event.db" > /dev/null

echo "kiosk-cost: 50,000 attendees, $(nproc) cores"
for run in 1 2 3; do
  "$build/kiosk/kindred-kiosk" --db "$tmp/event.db" --size 800x480 --no-camera --no-sounds \
    --screenshot "$tmp/first.png" 2>&1 | grep -o 'first frame after [0-9]* ms' | sed "s/^/cold start, run $run: /"
done

"$build/kiosk/kindred-kiosk" --db "$tmp/event.db" --size 800x480 --no-camera --no-sounds 2> "$tmp/log" &
pid=$!
sleep 3  # past start-up
ticks() { awk '{ print $14 + $15 }' "/proc/$pid/stat"; }
before=$(ticks)
sleep 20
after=$(ticks)
kill -TERM "$pid"
wait "$pid" || true
hz=$(getconf CLK_TCK)
awk -v t=$((after - before)) -v hz="$hz" 'BEGIN { printf "idle on the attract screen: %.2f%% of one core (%d ticks in 20 s)\n", 100 * t / hz / 20, t }'

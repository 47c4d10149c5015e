#!/usr/bin/env bash
# Checks deploy/: the scripts pass shellcheck, the systemd units pass
# `systemd-analyze verify`, and the launcher picks the right DRM card on
# fake /dev and /sys trees shaped like a Raspberry Pi 5 with a DSI display.
set -euo pipefail
src=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failures=0
check() {  # check NAME EXPECTED ACTUAL
  if [[ "$2" == "$3" ]]; then echo "ok: $1"; else echo "FAIL: $1: expected '$2', got '$3'"; failures=$((failures + 1)); fi
}

if command -v shellcheck >/dev/null; then
  if shellcheck -x "$src"/deploy/*.sh "$src"/deploy/kindred-kiosk-launch "$src"/deploy/kindred-usb-backup \
    "$src"/deploy/kindred-hub "$src"/.ci/run; then
    echo "ok: shellcheck"
  else
    echo "FAIL: shellcheck"; failures=$((failures + 1))
  fi
else
  echo "skip: shellcheck is not installed"
fi

if command -v systemd-analyze >/dev/null; then
  # verify wants the programs to exist: point the units at ones that do.
  for unit in kindred-kiosk.service kindred-serve.service kindred-usb-backup.service kindred-usb-backup.timer \
    kindred-hub-backup.service kindred-hub-backup.timer; do
    sed -e "s|/opt/kindred/bin/[a-z-]*|/bin/true|" -e "s|/usr/local/bin/kindred-hub|/bin/true|" -e "s|/var/lib/kindred|$tmp|g" "$src/deploy/$unit" > "$tmp/$unit"
  done
  if out=$(systemd-analyze verify "$tmp"/kindred-kiosk.service "$tmp"/kindred-serve.service "$tmp"/kindred-usb-backup.service \
             "$tmp"/kindred-usb-backup.timer "$tmp"/kindred-hub-backup.service "$tmp"/kindred-hub-backup.timer 2>&1) &&
    [[ -z "$out" ]]; then
    echo "ok: systemd-analyze verify"
  else
    echo "FAIL: systemd-analyze verify: $out"; failures=$((failures + 1))
  fi
else
  echo "skip: systemd-analyze is not installed"
fi

# A Pi 5 with a DSI touchscreen: card0 is the V3D render GPU (no display),
# card1 the display controller. After a reboot the numbers may swap.
fake_pi() {  # fake_pi DIR RENDER_CARD DISPLAY_CARD
  mkdir -p "$1/dev/dri/by-path" "$1/sys/class/drm/$3-DSI-1" "$1/sys/class/drm/$3-HDMI-A-1"
  touch "$1/dev/dri/$2" "$1/dev/dri/$3"
  ln -s "../$2" "$1/dev/dri/by-path/platform-1002000000.v3d-card"
  ln -s "../$3" "$1/dev/dri/by-path/platform-axi:gpu-card"
  echo connected > "$1/sys/class/drm/$3-DSI-1/status"
  echo disconnected > "$1/sys/class/drm/$3-HDMI-A-1/status"
}
launch() {  # launch ROOT [VAR=VALUE...]
  local root=$1; shift
  env -i PATH="$PATH" KINDRED_CONFIG=/nonexistent KINDRED_DEV="$root/dev" KINDRED_SYS="$root/sys" \
    KINDRED_LAUNCH_DRY_RUN=1 "$@" sh "$src/deploy/kindred-kiosk-launch" 2>/dev/null | grep '^SDL_KMSDRM_DEVICE_INDEX=' | cut -d= -f2
}
fake_pi "$tmp/a" card0 card1
check "the card with a connected display is chosen" 1 "$(launch "$tmp/a")"
fake_pi "$tmp/b" card1 card0
check "still chosen when the numbers swap between boots" 0 "$(launch "$tmp/b")"
check "KINDRED_DRM_CARD names the card by its stable path" 0 \
  "$(launch "$tmp/a" KINDRED_DRM_CARD=platform-1002000000.v3d-card)"
check "an index set by hand is kept" 5 "$(launch "$tmp/a" SDL_KMSDRM_DEVICE_INDEX=5)"
mkdir -p "$tmp/c/dev/dri/by-path" "$tmp/c/sys/class/drm"
check "no display: SDL chooses" "" "$(launch "$tmp/c")"

# A kiosk that joined a hub (kindred hub join wrote hub.url and pgpass):
# the launcher passes that URL and points libpq at the password file.
launch_line() {  # launch_line ROOT PREFIX [VAR=VALUE...] [-- LAUNCHER ARGS...]
  local root=$1 prefix=$2; shift 2
  local vars=()
  while [[ $# -gt 0 && $1 != -- ]]; do vars+=("$1"); shift; done
  [[ ${1:-} == -- ]] && shift
  env -i PATH="$PATH" KINDRED_CONFIG=/nonexistent KINDRED_DEV="$root/dev" KINDRED_SYS="$root/sys" \
    KINDRED_LAUNCH_DRY_RUN=1 "${vars[@]}" sh "$src/deploy/kindred-kiosk-launch" "$@" 2>/dev/null |
    grep "^$prefix=" | cut -d= -f2-
}
mkdir -p "$tmp/hub"
echo "postgresql://kindred_kiosk_hall-a@10.0.0.5:5432/kindred?sslmode=verify-full" > "$tmp/hub/hub.url"
touch "$tmp/hub/pgpass"
check "the hub URL kindred hub join wrote is used" \
  "--db /var/lib/kindred/event.db --hub postgresql://kindred_kiosk_hall-a@10.0.0.5:5432/kindred?sslmode=verify-full" \
  "$(launch_line "$tmp/c" ARGS KINDRED_HUB_DIR="$tmp/hub")"
check "libpq reads the kiosk's password file" "$tmp/hub/pgpass" \
  "$(launch_line "$tmp/c" PGPASSFILE KINDRED_HUB_DIR="$tmp/hub")"
check "a URL in /etc/default/kindred wins, and --insecure-hub is asked for by name" \
  "--db /var/lib/kindred/event.db --hub postgresql://x@y/kindred --insecure-hub" \
  "$(launch_line "$tmp/c" ARGS KINDRED_HUB_DIR="$tmp/hub" KINDRED_HUB=postgresql://x@y/kindred KINDRED_INSECURE_HUB=1)"
check "alone: no hub" "--db /var/lib/kindred/event.db" "$(launch_line "$tmp/c" ARGS KINDRED_HUB_DIR="$tmp/none")"
check "the launcher's own arguments are passed on (the self-check)" \
  "--db /var/lib/kindred/event.db --self-check --json" \
  "$(launch_line "$tmp/c" ARGS KINDRED_HUB_DIR="$tmp/none" -- --self-check --json)"
check "a panel mounted on its side, with its touch axes fixed" \
  "--db /var/lib/kindred/event.db --rotate 90 --touch-axes swap-xy,invert-y" \
  "$(launch_line "$tmp/c" ARGS KINDRED_HUB_DIR="$tmp/none" KINDRED_ROTATE=90 KINDRED_TOUCH_AXES=swap-xy,invert-y)"

check "phones: the page's address and the event's Wi-Fi are passed on" \
  "--db /var/lib/kindred/event.db --phone-url http://10.0.0.7:8080 --wifi Spring Mixer --wifi-password bees" \
  "$(launch_line "$tmp/c" ARGS KINDRED_HUB_DIR="$tmp/none" KINDRED_PHONE_URL=http://10.0.0.7:8080 \
     "KINDRED_WIFI=Spring Mixer" KINDRED_WIFI_PASSWORD=bees)"

for script in install-pi.sh uninstall-pi.sh install-hub.sh kindred-hub; do
  bash -n "$src/deploy/$script" || { echo "FAIL: $script does not parse"; failures=$((failures + 1)); }
done
echo "ok: install scripts parse"

if [[ $failures -ne 0 ]]; then
  echo "$failures deploy checks failed"
  exit 1
fi
echo "all deploy checks passed"

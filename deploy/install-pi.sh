#!/usr/bin/env bash
# Turns a fresh Raspberry Pi OS 12 (bookworm) Lite on a Pi 4 or Pi 5 into a
# Kindred kiosk that starts at boot, full screen, without a desktop.
#
#   sudo deploy/install-pi.sh             build here, install, start
#   sudo deploy/install-pi.sh --no-start  the same, start at the next boot
#   sudo deploy/install-pi.sh --hub-bundle FILE
#                                         also join the event's hub with the
#                                         file `kindred-hub add-kiosk` wrote
#                                         (this kiosk's own password and the
#                                         hub's certificate; nothing to retype)
#   sudo deploy/install-pi.sh --serve    also run kindred serve on this Pi
#                                         (attendees' pages on their phones,
#                                         the room's wall): kindred-serve.service,
#                                         and the welcome shows its code
#   sudo deploy/install-pi.sh --organiser-key kindred-organiser.pub
#                                         seal this kiosk's USB backups and
#                                         exports to the organiser's key
#                                         (kindred keys --out DIR makes it)
#
# Safe to run again (an update): settings in /etc/default/kindred and the
# event database in /var/lib/kindred are never overwritten.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
prefix=/opt/kindred
data=/var/lib/kindred
start=1
bundle=
organiser_key=
serve=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-start) start=0 ;;
    --hub-bundle) bundle=${2:-}; shift ;;
    --organiser-key) organiser_key=${2:-}; shift ;;
    --serve) serve=1 ;;
    *) echo "usage: sudo deploy/install-pi.sh [--no-start] [--hub-bundle FILE] [--organiser-key FILE] [--serve]" >&2; exit 2 ;;
  esac
  shift
done
if [[ -n $bundle && ! -r $bundle ]]; then
  echo "install-pi.sh: cannot read the hub bundle '$bundle'" >&2
  exit 1
fi
if [[ $(id -u) -ne 0 ]]; then
  echo "install-pi.sh: run it with sudo" >&2
  exit 1
fi

step() { printf '\n== %s\n' "$*"; }

step "Packages"
mapfile -t packages < <(grep -v '^\s*#' "$here/deploy/packages.txt" | grep -v '^\s*$')
# Unattended upgrades may hold the package lock for a while: wait for it.
apt-get -o DPkg::Lock::Timeout=900 update -qq
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
  "${packages[@]}"
# The Pi's own camera modules speak libcamera: Kindred reads them through
# rpicam-vid (Raspberry Pi OS's rpicam-apps-lite; not in plain Debian).
if apt-cache show rpicam-apps-lite >/dev/null 2>&1; then
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends \
    rpicam-apps-lite
fi

step "Build (Release; a Pi 4 takes about 10 minutes)"
cmake -S "$here" -B "$here/build-pi" -DCMAKE_BUILD_TYPE=Release -DKINDRED_BUILD_TESTS=OFF \
  -DKINDRED_BUILD_BENCHMARKS=OFF -DCMAKE_INSTALL_PREFIX="$prefix" >/dev/null
cmake --build "$here/build-pi" -j"$(nproc)"
cmake --install "$here/build-pi" >/dev/null
install -m 0755 "$here/deploy/kindred-kiosk-launch" "$here/deploy/kindred-usb-backup" "$prefix/bin/"
install -D -m 0644 "$here/deploy/README.md" "$prefix/share/doc/kindred/deploy-README.md"

step "The kindred user (groups video, input, render) and $data"
for group in video input render; do getent group "$group" >/dev/null || groupadd --system "$group"; done
if ! id kindred >/dev/null 2>&1; then
  useradd --system --home-dir "$data" --shell /usr/sbin/nologin --user-group kindred
fi
usermod -a -G video,input,render,tty kindred
install -d -o kindred -g kindred -m 0750 "$data"
[[ -e /etc/default/kindred ]] || install -m 0644 "$here/deploy/kindred.default" /etc/default/kindred

if [[ -n $organiser_key ]]; then
  step "Sealing backups and exports to the organiser's key"
  install -D -m 644 "$organiser_key" /etc/kindred/kindred-organiser.pub
  runuser -u kindred -- "$prefix/bin/kindred" keys --install /etc/kindred/kindred-organiser.pub --db "$data/event.db"
fi

if [[ -n $bundle ]]; then
  step "Joining the event's hub"
  # /etc/kindred/: the hub's certificate, this kiosk's password file (the
  # kindred user's alone) and hub.url, which the launcher uses.
  "$prefix/bin/kindred" hub join "$bundle" --dir /etc/kindred --owner kindred
fi

step "Services"
install -m 0644 "$here/deploy/kindred-kiosk.service" "$here/deploy/kindred-usb-backup.service" \
  "$here/deploy/kindred-usb-backup.timer" /etc/systemd/system/
systemctl daemon-reload
systemctl enable kindred-kiosk.service kindred-usb-backup.timer
# The kiosk takes tty1, where the login prompt would be.
systemctl disable getty@tty1.service 2>/dev/null || true
install -m 0644 "$here/deploy/kindred-serve.service" /etc/systemd/system/
if [[ $serve -eq 1 ]]; then
  # kindred serve beside the kiosk, on its database; the welcome shows its
  # address (this Pi's, as phones on the venue network reach it).
  systemctl enable kindred-serve.service
  ip=$(hostname -I 2>/dev/null | awk '{ print $1 }')
  listen=$(sed -n 's/^KINDRED_SERVE_LISTEN=//p' /etc/default/kindred | tail -n 1)
  listen=${listen:-0.0.0.0:8080}
  port=${listen##*:}
  grep -q '^KINDRED_PHONE_URL=' /etc/default/kindred || echo 'KINDRED_PHONE_URL=' >> /etc/default/kindred
  if [[ -n $ip ]] && grep -q '^KINDRED_PHONE_URL=$' /etc/default/kindred; then
    sed -i "s|^KINDRED_PHONE_URL=\$|KINDRED_PHONE_URL=http://$ip:$port|" /etc/default/kindred
    echo "phones reach this Pi at http://$ip:$port (KINDRED_PHONE_URL in /etc/default/kindred)"
  fi
fi

step "Screen blanking off"
cmdline=/boot/firmware/cmdline.txt
[[ -e $cmdline ]] || cmdline=/boot/cmdline.txt
if [[ -e $cmdline ]] && ! grep -q 'consoleblank=0' "$cmdline"; then
  sed -i '1 s/$/ consoleblank=0/' "$cmdline"
  echo "added consoleblank=0 to $cmdline (takes effect at the next boot)"
fi

step "Self-check (renderer, display, touch, camera, disk, clock, hub)"
# Before the kiosk takes the display; as the kiosk's user, with its settings.
# A failure is reported, not fatal: the volunteer sees what to fix.
systemctl stop kindred-kiosk.service 2>/dev/null || true
checks=$(mktemp)
# (root writes the file; the kiosk's user only runs the check)
if ! runuser -u kindred -- "$prefix/bin/kindred-kiosk-launch" --self-check --json > "$checks" 2>/dev/null; then
  echo "Some checks failed; the kiosk is installed anyway. What to fix:"
fi
if command -v python3 >/dev/null; then
  python3 - "$checks" <<'PY' || cat "$checks"
import json, sys
for c in json.load(open(sys.argv[1]))["checks"]:
    print(f"  {c['result']:4}  {c['check']}: {c['detail']}")
    if c["result"] != "pass" and c["fix"]:
        print(f"        -> {c['fix']}")
PY
fi
rm -f "$checks"

if [[ $start -eq 1 ]]; then
  step "Starting the kiosk"
  systemctl restart kindred-kiosk.service kindred-usb-backup.timer
  [[ $serve -eq 1 ]] && systemctl restart kindred-serve.service
fi

cat <<DONE

Kindred is installed. Next:
  1. Load your roster:  sudo -u kindred $prefix/bin/kindred import roster.csv --db $data/event.db
  2. Name this kiosk:   sudo nano /etc/default/kindred   (then: sudo systemctl restart kindred-kiosk);
                        with a hub, its name is the one the hub gave it (--hub-bundle)
  3. Check it:          sudo systemctl stop kindred-kiosk; sudo -u kindred $prefix/bin/kindred-kiosk-launch --self-check
                        (tap the four corners, hold a badge up; Back to kiosk ends it), then
                        sudo systemctl start kindred-kiosk ; journalctl -u kindred-kiosk -f
See $prefix/share/doc/kindred/deploy-README.md for troubleshooting.
DONE

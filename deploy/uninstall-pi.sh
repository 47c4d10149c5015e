#!/usr/bin/env bash
# Removes the Kindred kiosk. Keeps the event database and settings unless
# --purge is given (then asks first: follow-ups not yet exported are lost).
set -euo pipefail

purge=0
for arg in "$@"; do
  case "$arg" in
    --purge) purge=1 ;;
    *) echo "usage: sudo deploy/uninstall-pi.sh [--purge]" >&2; exit 2 ;;
  esac
done
if [[ $(id -u) -ne 0 ]]; then
  echo "uninstall-pi.sh: run it with sudo" >&2
  exit 1
fi

systemctl disable --now kindred-kiosk.service kindred-serve.service kindred-usb-backup.timer 2>/dev/null || true
rm -f /etc/systemd/system/kindred-kiosk.service /etc/systemd/system/kindred-serve.service /etc/systemd/system/kindred-usb-backup.service \
  /etc/systemd/system/kindred-usb-backup.timer
systemctl daemon-reload
systemctl enable getty@tty1.service 2>/dev/null || true
rm -rf /opt/kindred

if [[ $purge -eq 1 ]]; then
  read -r -p "Delete /var/lib/kindred (the event database) and /etc/default/kindred? Type DELETE: " answer
  if [[ $answer == DELETE ]]; then
    rm -rf /var/lib/kindred /etc/default/kindred
    userdel kindred 2>/dev/null || true
    echo "Kindred and its data are removed."
    exit 0
  fi
  echo "Data kept."
fi
echo "Kindred is removed. The event database is still in /var/lib/kindred."

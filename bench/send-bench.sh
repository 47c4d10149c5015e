#!/usr/bin/env bash
# send-bench: kindred send on 2,000 attendees who met three people each.
#   bench/send-bench.sh [BUILD_DIR]
# 1. Composing every follow-up to a dry-run folder (goal: under 5 s).
# 2. Sending them to a real SMTP server on 127.0.0.1 (tests/smtp_server.py,
#    python3-aiosmtpd), journal included, beside the reference: Python's
#    smtplib sending the same 2,000 messages over one connection to the same
#    server.
# Each figure: the median of three runs.
set -euo pipefail
build=${1:-build}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tmp=$(mktemp -d)
server=
cleanup() { [[ -n $server ]] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT

awk 'BEGIN {
  print "badge_id,name,email,company,title,field,stage,passions,offers,seeking,consent"
  for (i = 0; i < 2000; i++)
    printf "B%06d,Persön %d,p%d@example.org,Co %d,Title,field %d,mid career,passion %d; passion %d,,,%s\n",
      i, i, i, i % 97, i % 12, i % 40, i % 13, (i % 5 ? "yes" : "no")
}' > "$tmp/roster.csv"
"$build/cli/kindred" import "$tmp/roster.csv" --db "$tmp/event.db" > /dev/null
sqlite3 "$tmp/event.db" "
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 1999), k(k) AS (VALUES (1), (7), (31))
INSERT INTO encounter(id, a_id, b_id, met_at, updated_at, shared, starter, note, consent_a, consent_b)
SELECT printf('e-%d-%d', i, k), min(printf('B%06d', i), printf('B%06d', (i + k) % 2000)),
       max(printf('B%06d', i), printf('B%06d', (i + k) % 2000)), '2026-11-21T19:00:00Z', '2026-11-21T19:00:00Z',
       'passion ' || (i % 40), 'Ask each other: what got you into passion ' || (i % 40) || '?', 'Talk again — soon', 1, 1
FROM n, k;"
echo "send-bench: 2,000 attendees, $(sqlite3 "$tmp/event.db" 'SELECT count(*) FROM encounter') encounters, $(nproc) cores"
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
now() { date +%s.%N; }
# Messages that arrived per second between two times.
rate() { awk -v n="$(find "$tmp/mail" -name '*.eml' | wc -l)" -v a="$1" -v b="$2" 'BEGIN { print n / (b - a) }'; }

for run in 1 2 3; do
  rm -rf "$tmp/eml"
  t0=$(now)
  "$build/cli/kindred" send --db "$tmp/event.db" --from "Bench <bench@example.org>" --dry-run "$tmp/eml" > /dev/null
  t1=$(now)
  awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }' >> "$tmp/compose"
  echo "compose, run $run: $(tail -n 1 "$tmp/compose") s"
done
printf 'compose 2,000 follow-ups to a dry-run folder: %.2f s (median of three runs; goal: under 5 s)\n' \
  "$(median < "$tmp/compose")"

start_server() {
  rm -rf "$tmp/mail" "$tmp/port"
  mkdir "$tmp/mail"
  /usr/bin/python3 "$here/tests/smtp_server.py" --maildir "$tmp/mail" --port-file "$tmp/port" &
  server=$!
  for _ in $(seq 100); do [[ -f $tmp/port ]] && break; sleep 0.1; done
  port=$(cat "$tmp/port")
}
stop_server() { kill "$server"; wait "$server" 2>/dev/null || true; server=; }

for run in 1 2 3; do
  start_server
  cp "$tmp/event.db" "$tmp/send.db"
  t0=$(now)
  "$build/cli/kindred" send --db "$tmp/send.db" --from "Bench <bench@example.org>" --smtp "smtp://127.0.0.1:$port" \
    > /dev/null
  t1=$(now)
  stop_server
  rate "$t0" "$t1" >> "$tmp/kindred"

  start_server
  t0=$(now)
  /usr/bin/python3 - "$tmp/eml" "$port" <<'PY'
import os, smtplib, sys
folder, port = sys.argv[1], int(sys.argv[2])
with smtplib.SMTP("127.0.0.1", port) as s:
    for name in sorted(os.listdir(folder)):
        s.sendmail("bench@example.org", ["p@example.org"], open(os.path.join(folder, name), "rb").read())
PY
  t1=$(now)
  stop_server
  rate "$t0" "$t1" >> "$tmp/smtplib"
  printf 'send, run %d: kindred %.0f msg/s, smtplib %.0f msg/s\n' "$run" "$(tail -n 1 "$tmp/kindred")" \
    "$(tail -n 1 "$tmp/smtplib")"
done
printf 'send to a local SMTP server: kindred send %.0f messages/s (journal on disk per message) vs Python smtplib %.0f messages/s, same messages, same server (median of three runs)\n' \
  "$(median < "$tmp/kindred")" "$(median < "$tmp/smtplib")"

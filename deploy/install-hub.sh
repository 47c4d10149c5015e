#!/usr/bin/env bash
# Turns a fresh Debian 12 / Raspberry Pi OS 12 machine (the organiser's
# laptop, or one Raspberry Pi) into the hub that makes several Kindred kiosks
# one live event:
#   sudo deploy/install-hub.sh [KIOSK_NETWORK]   e.g. 192.168.1.0/24 (default: the host's own subnet)
# - PostgreSQL 15 listening on the LAN, TLS with a certificate it generates,
#   scram-sha-256 passwords, only the kiosk network allowed in
# - a database "kindred" with Kindred's schema and a kiosk role that may read
#   and write the event's tables (no DDL, no deletes)
# - prints the URL and the pgpass line to give each kiosk
# Running it again keeps the data and the password.
set -euo pipefail
if [[ $(id -u) -ne 0 ]]; then echo "install-hub.sh: run it with sudo" >&2; exit 1; fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql openssl >/dev/null
if [[ ! -x /opt/kindred/bin/kindred ]]; then
  # The hub needs Kindred's CLI for its schema: build just that.
  grep -v '^#' "$here/deploy/packages.txt" | xargs apt-get install -y -qq --no-install-recommends >/dev/null
  cmake -S "$here" -B "$here/build-hub" -DCMAKE_BUILD_TYPE=Release -DKINDRED_BUILD_TESTS=OFF \
    -DKINDRED_BUILD_BENCHMARKS=OFF -DKINDRED_BUILD_KIOSK=OFF >/dev/null
  cmake --build "$here/build-hub" -j"$(nproc)" --target kindred
  install -D -m 755 "$here/build-hub/cli/kindred" /opt/kindred/bin/kindred
fi

version=$(pg_lsclusters -h | awk 'NR == 1 { print $1 }')
cluster=$(pg_lsclusters -h | awk 'NR == 1 { print $2 }')
conf=/etc/postgresql/$version/$cluster
data=$(pg_lsclusters -h | awk 'NR == 1 { print $6 }')
host_ip=$(ip -4 route get 1.1.1.1 2>/dev/null | awk '{ for (i = 1; i < NF; i++) if ($i == "src") print $(i + 1) }')
host_ip=${host_ip:-127.0.0.1}
network=${1:-$(ip -4 -o addr show | awk -v ip="$host_ip" '$4 ~ "^" ip "/" { print $4 }')}
network=${network:-$host_ip/32}

# TLS: a certificate for this machine's name and address, made once.
if [[ ! -f $data/kindred-hub.crt ]]; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 825 -subj "/CN=$(hostname)" \
    -addext "subjectAltName=DNS:$(hostname),DNS:$(hostname).local,IP:$host_ip" \
    -keyout "$data/kindred-hub.key" -out "$data/kindred-hub.crt" 2>/dev/null
  chown postgres:postgres "$data/kindred-hub.key" "$data/kindred-hub.crt"
  chmod 600 "$data/kindred-hub.key"
fi
cat > "$conf/conf.d/kindred-hub.conf" <<CONF
# Written by Kindred's deploy/install-hub.sh
listen_addresses = '*'
ssl = on
ssl_cert_file = '$data/kindred-hub.crt'
ssl_key_file = '$data/kindred-hub.key'
password_encryption = scram-sha-256
CONF
# Only the kiosks' network, only over TLS, only with a password; drop our old lines first.
sed -i '/# kindred-hub$/d' "$conf/pg_hba.conf"
echo "hostssl kindred kindred_kiosk $network scram-sha-256 # kindred-hub" >> "$conf/pg_hba.conf"
echo "hostssl kindred kindred_kiosk 127.0.0.1/32 scram-sha-256 # kindred-hub" >> "$conf/pg_hba.conf"
systemctl enable --now "postgresql@$version-$cluster" >/dev/null 2>&1 || true
systemctl restart "postgresql@$version-$cluster"

runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_database WHERE datname = 'kindred'" | grep -q 1 ||
  runuser -u postgres -- createdb kindred
password_file=/etc/kindred/hub-kiosk-password
install -d -m 700 /etc/kindred
[[ -s $password_file ]] || (umask 077 && openssl rand -base64 24 | tr -d '/+=' > "$password_file")
KINDRED_KIOSK_PASSWORD=$(cat "$password_file") \
  runuser --preserve-environment -u postgres -- /opt/kindred/bin/kindred hub init --hub "postgresql:///kindred?host=/var/run/postgresql"

echo
echo "The hub is ready. On each kiosk:"
echo "  1. in /etc/default/kindred:  KINDRED_HUB=postgresql://kindred_kiosk@$host_ip:5432/kindred?sslmode=require"
echo "  2. the password, readable by the kindred user only:"
echo "       echo '$host_ip:5432:kindred:kindred_kiosk:$(cat "$password_file")' | sudo tee /etc/kindred/pgpass >/dev/null"
echo "       sudo chown kindred /etc/kindred/pgpass && sudo chmod 600 /etc/kindred/pgpass"
echo "  3. sudo systemctl restart kindred-kiosk"
echo "Check: /opt/kindred/bin/kindred status --hub 'postgresql://kindred_kiosk@$host_ip:5432/kindred?sslmode=require'"

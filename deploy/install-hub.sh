#!/usr/bin/env bash
# Turns a fresh Debian 12 / Raspberry Pi OS 12 machine (the organiser's
# laptop, or one Raspberry Pi) into the hub that makes several Kindred kiosks
# one live event:
#   sudo deploy/install-hub.sh [--organiser-key kindred-organiser.pub] [--serve] [KIOSK_NETWORK]
#                                e.g. 192.168.1.0/24 (default: the host's own subnet)
# - PostgreSQL 15 listening on the LAN, TLS only, with a certificate authority
#   of its own (/etc/kindred/hub-ca.crt; kiosks verify the hub against it)
# - only kiosks and organisers, each with their own role and password
#   (scram-sha-256), only from KIOSK_NETWORK, only to the event's database;
#   nothing in plain text over the network, for anyone
# - a database "kindred" with Kindred's schema and row rules
# - the command `kindred-hub` to add a kiosk (one bundle file to carry to it),
#   add an organiser, revoke a lost kiosk, and see every kiosk's state
# - a backup of the hub every 5 minutes (/var/backups/kindred-hub, the newest
#   48), sealed to the organiser's public key when given
# - with --serve, kindred serve beside it (attendees' pages on their phones,
#   the room's wall, "We met" from two phones): a member of the hub like a
#   kiosk, named "phones", with its own sign-in and its own copy of the event
#   (/var/lib/kindred/phones.db), so what phones write reaches every kiosk;
#   stopping it affects no kiosk
# Running it again keeps the data, the authority and every kiosk's password.
#
# A second machine as the hub's hot standby (PostgreSQL's streaming
# replication): on the hub, `sudo kindred-hub add-standby ADDRESS` writes
# /etc/kindred/standbys/ADDRESS.kindred-standby (the standby's certificate
# from the hub's authority, and its replication password); carry it over, then
#   sudo deploy/install-hub.sh --standby-of ADDRESS.kindred-standby [KIOSK_NETWORK]
# copies the hub and follows it; `sudo kindred-hub promote` there makes it the
# hub when the first one is lost.
set -euo pipefail
if [[ $(id -u) -ne 0 ]]; then echo "install-hub.sh: run it with sudo" >&2; exit 1; fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
etc=/etc/kindred
organiser_key=
standby_of=
serve=
while [[ $# -gt 0 ]]; do
  case $1 in
    --organiser-key)
      [[ -f ${2:-} ]] || { echo "install-hub.sh: --organiser-key needs the organiser's kindred-organiser.pub" >&2; exit 1; }
      organiser_key=$2
      shift 2
      ;;
    --standby-of)
      [[ -f ${2:-} ]] || { echo "install-hub.sh: --standby-of needs the file kindred-hub add-standby wrote on the hub" >&2; exit 1; }
      standby_of=$(realpath "$2")
      shift 2
      ;;
    --serve) serve=1; shift ;;
    *) break ;;
  esac
done

# Unattended upgrades may hold the package lock for a while: wait for it.
apt_install() {
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq --no-install-recommends "$@" \
    >/dev/null
}
apt_install postgresql openssl iproute2
if [[ -n ${KINDRED_PREBUILT:-} ]]; then  # a kindred built elsewhere (tests)
  install -D -m 755 "$KINDRED_PREBUILT" /opt/kindred/bin/kindred
elif [[ ! -x /opt/kindred/bin/kindred ]]; then
  # The hub needs Kindred's CLI for its schema and roles: build just that.
  mapfile -t packages < <(grep -v '^\s*#' "$here/deploy/packages.txt" | grep -v '^\s*$')
  apt_install "${packages[@]}"
  cmake -S "$here" -B "$here/build-hub" -DCMAKE_BUILD_TYPE=Release -DKINDRED_BUILD_TESTS=OFF \
    -DKINDRED_BUILD_BENCHMARKS=OFF -DKINDRED_BUILD_KIOSK=OFF >/dev/null
  cmake --build "$here/build-hub" -j"$(nproc)" --target kindred
  install -D -m 755 "$here/build-hub/cli/kindred" /opt/kindred/bin/kindred
fi
install -m 755 "$here/deploy/kindred-hub" /usr/local/bin/kindred-hub

version=$(pg_lsclusters -h | awk 'NR == 1 { print $1 }')
cluster=${KINDRED_PG_CLUSTER:-$(pg_lsclusters -h | awk 'NR == 1 { print $2 }')}  # (a second one: tests)
conf=/etc/postgresql/$version/$cluster

# The address kiosks reach the hub at: one of this machine's, inside the kiosks' network.
ip_to_int() { local IFS=.; read -r a b c d <<< "$1"; echo $(((a << 24) | (b << 16) | (c << 8) | d)); }
in_network() {  # in_network IP NETWORK/BITS
  local net=${2%/*} bits=${2#*/}
  [[ $2 == */* ]] || bits=32
  local mask=$(((0xffffffff << (32 - bits)) & 0xffffffff))
  (( ($(ip_to_int "$1") & mask) == ($(ip_to_int "$net") & mask) ))
}
mapfile -t addresses < <(ip -4 -o addr show scope global | awk '{ print $4 }')
if [[ $# -ge 1 ]]; then
  network=$1
else
  network=$(ip -4 route get 1.1.1.1 2>/dev/null |
    awk '{ for (i = 1; i < NF; i++) if ($i == "src") print $(i + 1) }' | head -n 1)
  for a in "${addresses[@]}"; do [[ ${a%/*} == "$network" ]] && network=$a; done
  if [[ -z $network ]]; then
    echo "install-hub.sh: this machine has no network address; give the kiosks' network, e.g. 192.168.1.0/24" >&2
    exit 1
  fi
fi
host_ip=
for a in "${addresses[@]}" 127.0.0.1/8; do
  if in_network "${a%/*}" "$network"; then host_ip=${a%/*}; break; fi
done
if [[ -z $host_ip ]]; then
  echo "install-hub.sh: none of this machine's addresses (${addresses[*]:-none}) is in $network;" \
    "give the network the kiosks are on" >&2
  exit 1
fi

# TLS: an authority made once (its key never leaves this machine), and the
# server's certificate from it, made again when the address changed. A
# standby's certificate comes from the hub's authority, in its bundle.
install -d -m 755 "$etc"
server_crt=$conf/kindred-hub.crt
server_key=$conf/kindred-hub.key
if [[ -n $standby_of ]]; then
  bundle=$(mktemp -d)
  trap 'rm -rf "$bundle"' EXIT
  tar -xzf "$standby_of" -C "$bundle"
  for f in hub-ca.crt server.crt server.key primary replication-password; do
    [[ -s $bundle/$f ]] || { echo "install-hub.sh: $standby_of is not a standby bundle (no $f)" >&2; exit 1; }
  done
  install -m 644 "$bundle/hub-ca.crt" "$etc/hub-ca.crt"
  install -o postgres -g postgres -m 600 "$bundle/server.key" "$server_key"
  install -o postgres -g postgres -m 644 "$bundle/server.crt" "$server_crt"
  primary=$(cat "$bundle/primary")
else
  if [[ ! -f $etc/hub-ca.key ]]; then
    (umask 077 && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
      -subj "/CN=Kindred hub authority ($(hostname))" -keyout "$etc/hub-ca.key" -out "$etc/hub-ca.crt" 2>/dev/null)
    chmod 644 "$etc/hub-ca.crt"
  fi
  # Valid for every name a kiosk or organiser may use: the address kiosks are
  # given, the machine's names, and this machine itself (localhost, 127.0.0.1, ::1).
  names_match() {
    openssl x509 -in "$server_crt" -noout -checkip "$host_ip" 2>/dev/null | grep -q 'does match' &&
      openssl x509 -in "$server_crt" -noout -checkip ::1 2>/dev/null | grep -q 'does match' &&
      openssl x509 -in "$server_crt" -noout -checkhost localhost 2>/dev/null | grep -q 'does match'
  }
  if [[ ! -f $server_crt ]] || ! names_match || ! openssl verify -CAfile "$etc/hub-ca.crt" "$server_crt" >/dev/null 2>&1; then
    work=$(mktemp -d)
    san="DNS:$(hostname),DNS:$(hostname).local,DNS:localhost,IP:127.0.0.1,IP:::1"
    [[ $host_ip == 127.0.0.1 ]] || san+=",IP:$host_ip"
    printf 'subjectAltName=%s\n' "$san" > "$work/san"
    openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=$(hostname)" \
      -keyout "$work/key" -out "$work/csr" 2>/dev/null
    openssl x509 -req -in "$work/csr" -CA "$etc/hub-ca.crt" -CAkey "$etc/hub-ca.key" -CAcreateserial \
      -CAserial "$etc/hub-ca.srl" -days 825 -extfile "$work/san" -out "$work/crt" 2>/dev/null
    install -o postgres -g postgres -m 600 "$work/key" "$server_key"
    install -o postgres -g postgres -m 644 "$work/crt" "$server_crt"
    rm -rf "$work"
  fi
fi
cat > "$conf/conf.d/kindred-hub.conf" <<CONF
# Written by Kindred's deploy/install-hub.sh
listen_addresses = '*'
ssl = on
ssl_cert_file = '$server_crt'
ssl_key_file = '$server_key'
ssl_min_protocol_version = 'TLSv1.2'
password_encryption = scram-sha-256
# A standby follows through a replication slot; what it has not taken is
# kept, up to this much (a standby away longer copies the hub again).
max_slot_wal_keep_size = '2GB'
CONF
# pg_hba.conf: the first matching line decides, so Kindred's lines go first
# (Debian's own "host all all 127.0.0.1/32" would otherwise let passwords in
# without TLS). Nothing over the network without TLS; kiosks and organisers
# only to the event's database, only from the kiosks' network (and this
# machine); local socket logins stay as Debian set them.
hba=$conf/pg_hba.conf
sed -i '/# kindred-hub$/d' "$hba"
{
  echo "hostnossl all all all reject # kindred-hub"
  for group in kindred_kiosk kindred_organiser; do
    echo "hostssl kindred +$group $network scram-sha-256 # kindred-hub"
    [[ $network == 127.* ]] || echo "hostssl kindred +$group 127.0.0.1/32 scram-sha-256 # kindred-hub"
    echo "hostssl kindred +$group ::1/128 scram-sha-256 # kindred-hub"
    echo "hostssl all +$group all reject # kindred-hub"
  done
  cat "$hba"
} > "$hba.new"
chown postgres:postgres "$hba.new"
chmod 640 "$hba.new"
mv "$hba.new" "$hba"
pg_service() {  # pg_service start|stop|restart
  if [[ -d /run/systemd/system ]]; then
    systemctl enable "postgresql@$version-$cluster" >/dev/null 2>&1 || true
    systemctl "$1" "postgresql@$version-$cluster"
  else  # no systemd (a container): PostgreSQL's own tool
    if [[ $1 == restart ]]; then
      pg_ctlcluster "$version" "$cluster" restart || pg_ctlcluster "$version" "$cluster" start
    else
      pg_ctlcluster "$version" "$cluster" "$1" 2>/dev/null || [[ $1 == stop ]]
    fi
  fi
}

port=$(awk -F= '/^[[:space:]]*port[[:space:]]*=/ { gsub(/[^0-9]/, "", $2); print $2; exit }' "$conf/postgresql.conf")
if [[ -n $standby_of ]]; then
  # A copy of the hub that follows it (PostgreSQL's streaming replication
  # over TLS, the hub verified against its authority): this machine's
  # database is replaced by the hub's.
  data=$(pg_lsclusters -h | awk -v v="$version" -v c="$cluster" '$1 == v && $2 == c { print $6 }')
  [[ -d $data && $data == /* ]] || { echo "install-hub.sh: cannot find the data folder of cluster $version/$cluster" >&2; exit 1; }
  slot=$(cat "$bundle/slot")
  pg_service stop
  find "$data" -mindepth 1 -delete
  primary_host=${primary%:*}
  primary_port=${primary##*:}
  echo "Copying the hub's database from $primary (this can take a minute)..."
  runuser -u postgres -- env PGPASSWORD="$(cat "$bundle/replication-password")" PGSSLMODE=verify-full \
    PGSSLROOTCERT="$etc/hub-ca.crt" pg_basebackup -h "$primary_host" -p "$primary_port" -U kindred_replicator \
    -D "$data" -R -X stream -S "$slot" --checkpoint=fast
  pg_service start
else
  pg_service restart
fi

if [[ -z $standby_of ]]; then
  runuser -u postgres -- psql -qtAc "SELECT 1 FROM pg_database WHERE datname = 'kindred'" | grep -q 1 ||
    runuser -u postgres -- createdb kindred
  port=$(runuser -u postgres -- psql -qtAc "SHOW port")
  # The shared kiosk password of earlier versions is not used any more.
  rm -f "$etc/hub-kiosk-password"
  # The address kiosks are given: this machine's, then any standby's (kindred-hub add-standby).
  addresses_now=$(runuser -u postgres -- psql -d kindred -qtAc \
    "SELECT value FROM kindred_meta WHERE key = 'kiosk_address'" 2>/dev/null || true)
  standbys=
  [[ $addresses_now == *,* ]] && standbys=,${addresses_now#*,}
  kindred-hub init --address "$host_ip:$port$standbys" --root-cert "$etc/hub-ca.crt" >/dev/null
fi

# The hub's own backups: a consistent pg_dump every 5 minutes, the newest 48
# kept, sealed to the organiser's key when the event has one.
[[ -n $organiser_key ]] && install -D -m 644 "$organiser_key" "$etc/kindred-organiser.pub"
install -d -o postgres -g postgres -m 700 /var/backups/kindred-hub
install -m 644 "$here/deploy/kindred-hub-backup.service" "$here/deploy/kindred-hub-backup.timer" /etc/systemd/system/
if [[ -d /run/systemd/system ]]; then
  systemctl daemon-reload
  systemctl enable --now kindred-hub-backup.timer >/dev/null 2>&1
fi

# kindred serve as the hub's member "phones" (install-hub.sh --serve).
serve_line=
if [[ -n $serve && -z $standby_of ]]; then
  if ! id kindred >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/kindred --shell /usr/sbin/nologin --user-group kindred
  fi
  install -d -o kindred -g kindred -m 0750 /var/lib/kindred
  # Its own sign-in (again: a new password, installed at once), which may
  # also change the notes and follow-ups people edit on their phones.
  kindred-hub add-kiosk phones --pages >/dev/null
  /opt/kindred/bin/kindred hub join /etc/kindred/kiosks/phones.kindred-hub --dir /etc/kindred/phones \
    --owner kindred >/dev/null
  hub_url=$(cat /etc/kindred/phones/hub.url)
  install -m 0644 "$here/deploy/kindred-serve.service" /etc/systemd/system/
  install -d /etc/systemd/system/kindred-serve.service.d
  # (systemd reads % as its own specifiers: a URL's percent signs doubled.)
  cat > /etc/systemd/system/kindred-serve.service.d/hub.conf <<UNIT
# Written by install-hub.sh --serve: kindred serve as the hub's member "phones".
[Service]
Environment=KINDRED_DB=/var/lib/kindred/phones.db
Environment=KINDRED_SERVE_HUB=--hub=${hub_url//%/%%}
UNIT
  if [[ -d /run/systemd/system ]]; then
    systemctl daemon-reload
    systemctl enable kindred-serve.service >/dev/null 2>&1
    systemctl restart kindred-serve.service
  fi
  listen=$(sed -n 's/^KINDRED_SERVE_LISTEN=//p' /etc/default/kindred 2>/dev/null | tail -n 1)
  serve_port=${listen:-0.0.0.0:8080}
  serve_port=${serve_port##*:}
  serve_line="Phones and the wall:     http://$host_ip:$serve_port (kiosks: --phone-url http://$host_ip:$serve_port;
                         the wall's address: sudo -u kindred /opt/kindred/bin/kindred wall-url --db /var/lib/kindred/phones.db \\
                           --base http://$host_ip:$serve_port, once the roster has arrived)"
fi

if [[ -n $standby_of ]]; then
  cat <<DONE

This machine is a standby of the hub at $primary (streaming; read-only until promoted).
Kiosks whose bundles were made after kindred-hub add-standby name both; they use the hub
and come here by themselves once this machine is promoted.
How it follows:          sudo kindred-hub status   (on the hub: "1 standby streaming")
The hub is lost:         sudo kindred-hub promote  (here; then it takes the kiosks' writes)
Backups every 5 minutes: /var/backups/kindred-hub (of this copy)
DONE
  exit 0
fi
cat <<DONE

The hub is ready at $host_ip:$port (TLS; kiosks verify it against $etc/hub-ca.crt).
For each kiosk (its own password; run again for a new one):
  sudo kindred-hub add-kiosk hall-a
  copy $etc/kiosks/hall-a.kindred-hub to that kiosk (a USB stick; it holds the kiosk's password), then on it:
  sudo deploy/install-pi.sh --hub-bundle hall-a.kindred-hub
For the organiser (import, export, send from this machine):
  sudo kindred-hub add-organiser maya
A kiosk lost or stolen:  sudo kindred-hub revoke hall-a
Every kiosk's state:     sudo kindred-hub status
Backups every 5 minutes: /var/backups/kindred-hub$([[ -f $etc/kindred-organiser.pub ]] && echo ", sealed to the organiser's key" || echo " (not sealed: run again with --organiser-key FILE)")
Put one back:            sudo kindred-hub restore FILE
DONE
[[ -n $serve_line ]] && echo "$serve_line"
exit 0

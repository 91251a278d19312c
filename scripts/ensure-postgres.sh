#!/usr/bin/env bash
# Makes sure PostgreSQL answers at 127.0.0.1:5432 for the PostgreSQL tests: installs Debian's
# package if there is none, starts the cluster if it is down, and waits until it accepts
# connections. Fails loudly rather than letting the tests skip.
set -euo pipefail

SUDO=()
if [[ "$(id -u)" -ne 0 ]] && command -v sudo >/dev/null 2>&1; then SUDO=(sudo); fi

ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }

if ready; then exit 0; fi

if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
  echo "ensure-postgres: installing PostgreSQL from Debian's packages..." >&2
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql
fi

version=$(ls /etc/postgresql | sort -V | tail -n 1)
conf=/etc/postgresql/$version/main
# The tests connect over TCP without a password, as on project machines.
if ! grep -q '^host all all 127.0.0.1/32 trust' "$conf/pg_hba.conf"; then
  echo "ensure-postgres: allowing trust auth on 127.0.0.1 in $conf/pg_hba.conf" >&2
  "${SUDO[@]}" sed -i '1i host all all 127.0.0.1/32 trust' "$conf/pg_hba.conf"
fi
echo "ensure-postgres: starting PostgreSQL $version" >&2
"${SUDO[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start || true

for _ in $(seq 1 60); do
  if ready; then
    psql -h 127.0.0.1 -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'test'" postgres | grep -q 1 \
      || psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE test" postgres >/dev/null
    exit 0
  fi
  sleep 0.5
done
echo "ensure-postgres: PostgreSQL did not come up at 127.0.0.1:5432" >&2
exit 1

#!/usr/bin/env bash
# Make sure a local PostgreSQL server runs and has a `congtin` role that may create test
# databases; print the DATABASE_URL to use. Installs Debian's postgresql when missing.
set -euo pipefail
ROLE=congtin
PASSWORD=congtin
if ! command -v pg_lsclusters >/dev/null 2>&1; then
  [ "$(id -u)" -eq 0 ] || { echo "PostgreSQL is not installed and we are not root" >&2; exit 1; }
  echo "Installing PostgreSQL from Debian packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >/dev/null
fi
version=$(find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' | sort -V | tail -1)
if ! pg_lsclusters -h | awk '{print $4}' | grep -q online; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main start >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
for _ in $(seq 1 30); do
  su postgres -c "psql -p $port -Atqc 'select 1'" >/dev/null 2>&1 && break
  sleep 1
done
su postgres -c "psql -p $port -Atqc \"select 1 from pg_roles where rolname='$ROLE'\"" | grep -q 1 \
  || su postgres -c "psql -p $port -qc \"create role $ROLE login createdb password '$PASSWORD'\"" >&2
su postgres -c "psql -p $port -Atqc \"select 1 from pg_database where datname='$ROLE'\"" | grep -q 1 \
  || su postgres -c "createdb -p $port -O $ROLE $ROLE" >&2
echo "postgres://$ROLE:$PASSWORD@127.0.0.1:$port/$ROLE"

#!/usr/bin/env bash
# Install (as root, with apt-get) and start the PostgreSQL 15, MariaDB 10.11 and Redis 7
# servers that the template tests use, and create the `stackpick` test account on the
# two databases.
# Safe to run again: every step checks first.
set -euo pipefail

need=()
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
command -v mariadbd >/dev/null 2>&1 || [ -x /usr/sbin/mariadbd ] || need+=(mariadb-server)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
dpkg -s default-libmysqlclient-dev >/dev/null 2>&1 || need+=(default-libmysqlclient-dev pkg-config build-essential)
if [ ${#need[@]} -gt 0 ]; then
  echo "databases: installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# PostgreSQL: start the first cluster, then make a superuser login for the tests.
cluster=$(pg_lsclusters --no-header | awk 'NR==1 {print $1" "$2}')
if [ -z "$cluster" ]; then
  pg_createcluster 15 main >/dev/null
  cluster="15 main"
fi
# shellcheck disable=SC2086
pg_ctlcluster $cluster start 2>/dev/null || true
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -q -v ON_ERROR_STOP=1" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'stackpick') THEN
    CREATE ROLE stackpick LOGIN SUPERUSER PASSWORD 'stackpick';
  END IF;
END $$;
SQL

# MariaDB: start it if it is not answering, then make an all-privileges test account.
if ! mariadb-admin ping --silent >/dev/null 2>&1; then
  mkdir -p /run/mysqld && chown mysql:mysql /run/mysqld
  (mariadbd-safe --user=mysql >/tmp/mariadb.log 2>&1 &)
  for _ in $(seq 1 60); do mariadb-admin ping --silent >/dev/null 2>&1 && break; sleep 1; done
fi
mariadb -u root <<'SQL'
CREATE USER IF NOT EXISTS 'stackpick'@'localhost' IDENTIFIED BY 'stackpick';
CREATE USER IF NOT EXISTS 'stackpick'@'127.0.0.1' IDENTIFIED BY 'stackpick';
GRANT ALL PRIVILEGES ON *.* TO 'stackpick'@'localhost' WITH GRANT OPTION;
GRANT ALL PRIVILEGES ON *.* TO 'stackpick'@'127.0.0.1' WITH GRANT OPTION;
FLUSH PRIVILEGES;
SQL
# Redis: a throwaway server on localhost only, without persistence.
if ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --bind 127.0.0.1 --port 6379 --save "" --appendonly no --daemonize yes \
    --logfile /tmp/redis-stackpick.log
  for _ in $(seq 1 30); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 1; done
fi
echo "databases: Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) is running"
echo "databases: PostgreSQL $(pg_lsclusters --no-header | awk 'NR==1{print $1}') and $(mariadb --version | awk '{print $5}' | tr -d ,) are running"

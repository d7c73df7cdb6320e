#!/usr/bin/env bash
# The test command: starts the servers some integration tests use when this machine can run them,
# then runs `mvn verify` (every unit *Test and integration *ITCase). Safe to run repeatedly.
#
# - PostgreSQL (Debian package `postgresql`, installed if missing and apt is usable): a private
#   server on 127.0.0.1 in a temporary folder, for the ledger's Flyway migrations on PostgreSQL
#   (LedgerPostgresITCase). Without it that one test is reported as skipped.
# - Prometheus (Debian package `prometheus`, installed if missing and apt is usable): only its
#   binaries, prometheus and promtool, for MonitoringITCase (NQFLOW_IT_PROMETHEUS); the package's
#   own service is not used. Without them MonitoringITCase fails.
# - Chromium (Debian package `chromium`, installed if missing and apt is usable): the headless
#   browser ReportChromiumITCase opens the HTML report in (NQFLOW_IT_CHROMIUM). Without it that
#   test fails.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }

start_postgres() {
  if [[ -z "$(pg_bin)" ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "test.sh: installing PostgreSQL for the ledger's integration test..." >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) \
        >/tmp/nqflow-apt.log 2>&1 || { echo "test.sh: PostgreSQL install failed (see /tmp/nqflow-apt.log)" >&2; return 1; }
    else
      return 1
    fi
  fi
  port=55432
  run=()
  bin="$(pg_bin)"
  dir="$(mktemp -d -t nqflow-pg.XXXXXX)"
  if [[ $(id -u) -eq 0 ]]; then
    id postgres >/dev/null 2>&1 || return 1
    chown postgres "$dir" || return 1
    run=(runuser -u postgres --)
  fi
  trap 'stop_postgres' EXIT
  "${run[@]}" "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null || return 1
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1" start >/dev/null || return 1
  "${run[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres ledger || return 1
  export NQFLOW_IT_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/ledger?user=postgres"
  echo "test.sh: PostgreSQL on 127.0.0.1:$port for LedgerPostgresITCase" >&2
}

stop_postgres() {
  "${run[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}

install_prometheus() {
  if [[ ! -x /usr/bin/prometheus || ! -x /usr/bin/promtool ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "test.sh: installing Prometheus for the monitoring integration test..." >&2
      # The package's service is not wanted: policy-rc.d keeps the install from starting it.
      local policy=/usr/sbin/policy-rc.d created=""
      if [[ ! -e $policy ]]; then
        printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1
      fi
      local ok=1
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus) \
        >/tmp/nqflow-apt-prometheus.log 2>&1 || ok=""
      if [[ -n $created ]]; then rm -f "$policy"; fi
      if [[ -z $ok ]]; then
        echo "test.sh: Prometheus install failed (see /tmp/nqflow-apt-prometheus.log)" >&2
        return 1
      fi
    else
      return 1
    fi
  fi
  export NQFLOW_IT_PROMETHEUS=/usr/bin/prometheus
  export NQFLOW_IT_PROMTOOL=/usr/bin/promtool
}

install_chromium() {
  if [[ ! -x /usr/bin/chromium ]]; then
    if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
      echo "test.sh: installing Chromium for the report's browser test..." >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
        >/tmp/nqflow-apt-chromium.log 2>&1 || {
        echo "test.sh: Chromium install failed (see /tmp/nqflow-apt-chromium.log)" >&2
        return 1
      }
    else
      return 1
    fi
  fi
  export NQFLOW_IT_CHROMIUM=/usr/bin/chromium
}

install_prometheus || echo "test.sh: no Prometheus; MonitoringITCase will fail" >&2
install_chromium || echo "test.sh: no Chromium; ReportChromiumITCase will fail" >&2
start_postgres || echo "test.sh: no PostgreSQL server; LedgerPostgresITCase is skipped" >&2
mvn -B -ntp verify "$@"

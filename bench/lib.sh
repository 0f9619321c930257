# Shared by the benchmark scripts: a scratch folder and the processes to stop on exit, apt packages on
# demand, and free loopback ports. Source it after `set -euo pipefail`.
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2> /dev/null || true; done; rm -rf "$WORK"; }
trap cleanup EXIT

# need <command> <apt package>: installs the package when the command is missing.
need() {
  command -v "$1" > /dev/null && return
  echo "Installing $2..."
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q "$2" > /dev/null 2>&1 || { apt-get update -q > /dev/null && apt-get install -y -q "$2" > /dev/null; }
  else sudo apt-get install -y -q "$2" > /dev/null; fi
}

# median: the median of the numbers on stdin, one per line (of an even count, the mean of the middle
# two, as bench/proxy/pooled.py takes it).
median() { sort -g | awk '{ v[NR] = $1 } END { print NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# paired <runs> <baseline runs> <field>: per round, the ratio of a field of two *.runs files (one line per
# round). Rounds run the programs back to back, so each pair shares the machine's state of the moment: the
# median of these ratios follows the machine's drift better than the ratio of two medians.
paired() { paste -d' ' <(cut -d' ' -f"$3" "$1") <(cut -d' ' -f"$3" "$2") | awk '{ printf "%.2f\n", $1 / $2 }'; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# start_postgres: a throwaway PostgreSQL cluster in $WORK (installed from apt when missing), stopped on exit;
# sets PG_URL to a connection string of its "postgres" database.
start_postgres() {
  local bin; bin=$(ls -d /usr/lib/postgresql/*/bin 2> /dev/null | sort -V | tail -1)
  if [ -z "$bin" ]; then need pg_ctlcluster postgresql; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); fi
  local as=(); [ "$(id -u)" = 0 ] && as=(runuser -u postgres --)
  local data="$WORK/pg" port; port=$(free_port)
  mkdir -p "$data"; [ "$(id -u)" = 0 ] && chown -R postgres "$WORK"
  "${as[@]}" "$bin/initdb" -D "$data" -A trust -U postgres --no-sync -E UTF8 > /dev/null
  "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$WORK/pg.log" -w -o "-c listen_addresses=127.0.0.1 -p $port -k $WORK -c fsync=off -c max_connections=200" start > /dev/null
  PG_STOP=("${as[@]}" "$bin/pg_ctl" -D "$data" -m immediate stop)
  trap 'cleanup_postgres' EXIT
  PG_URL="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
}
cleanup_postgres() { "${PG_STOP[@]}" > /dev/null 2>&1 || true; cleanup; }

#!/usr/bin/env bash
# HTTP benchmark: opcc against nginx serving the very same bytes from disk.
#
# Measures p50/p99 latency, requests/s and errors with wrk for every public page (PAGES) on
# both servers, plus opcc's peak resident memory, and prints PASS/FAIL against the targets
# (opcc p99 within 2x nginx's for each page, zero errors, peak RSS under 64 MiB). nginx serves
# each page's bytes, fetched from opcc first, from a file of its own.
#
# A measurement run on demand, not a test: it exits 0 whether or not the targets are met,
# and non-zero only when something failed to run. See bench/http/README.md.
#
# Environment:
#   DURATION=15      seconds of each measured wrk run
#   WARMUP=3         seconds of the unmeasured wrk run before each measured one
#   THREADS=2        wrk threads
#   CONNECTIONS=64   wrk connections (kept alive)
#   PAGES="/ /crime"  the opcc paths to measure (default: every public page kind, below)
#   NGINX_WORKERS=auto  nginx worker_processes
#   OPCC_BIN=path    use this opcc binary instead of building target/release/opcc
#   PREPARE=cmd      run `cmd OPCC_BIN DATABASE_URL` before the server starts, to load more
#                    data than the demo (bench/http/year-of-data.sh: a year of the home force)
#   KEEP_TMP=1       keep the temp dir (logs, wrk output, nginx config) and print its path
set -euo pipefail

DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
# One of each kind of public page, on the demo's data: the home page, a plan, an item, the
# plan's inputs, the plan comparison, a scrutiny pack, the crime summary, map and force
# comparison, and the API's crime summary and a measure's series.
DEFAULT_PAGES="/ /plans/cheshire-2024-28 /plans/cheshire-2024-28/items/reduce-crime \
/plans/cheshire-2024-28/inputs /plans/compare /performance/cheshire-2024-28/packs/2025-26-q2 \
/crime /crime/map /crime/compare /api/v1/crime/summary \
/api/v1/measures/cheshire-2024-28.nm-neighbourhood-crime/series"
read -r -a PAGES <<<"${PAGES:-$DEFAULT_PAGES}"
NGINX_WORKERS=${NGINX_WORKERS:-auto}
KEEP_TMP=${KEEP_TMP:-0}

# Targets.
P99_RATIO_MAX=2
RSS_MAX_MIB=64

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
LUA="$HERE/report.lua"

log() { printf 'bench: %s\n' "$*" >&2; }
die() {
  printf 'bench: error: %s\n' "$*" >&2
  exit 1
}

# ---------------------------------------------------------------- tools
install_missing() {
  local missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v nginx >/dev/null 2>&1 || [[ -x /usr/sbin/nginx ]] || missing+=(nginx)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [[ ${#missing[@]} -eq 0 ]] && return 0
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null 2>&1 || die "need ${missing[*]}: not root and no sudo"
    sudo=(sudo)
  fi
  log "installing ${missing[*]} from Debian's packages"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >&2
}
install_missing
NGINX=$(command -v nginx 2>/dev/null || echo /usr/sbin/nginx)
[[ -x $NGINX ]] || die "nginx not found after install"

commit() {
  local c
  c=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null) || {
    echo unknown
    return
  }
  [[ -z $(git -C "$ROOT" status --porcelain -- crates Cargo.toml Cargo.lock 2>/dev/null) ]] || c="$c with uncommitted changes"
  echo "$c"
}
if [[ -n ${OPCC_BIN:-} ]]; then
  [[ -x $OPCC_BIN ]] || die "OPCC_BIN=$OPCC_BIN is not an executable"
  BUILT_FROM="given by OPCC_BIN (repo at $(commit))"
else
  BUILT_FROM="built from $(commit)"
  log "building the release binary"
  (cd "$ROOT" && cargo build --release -p opcc) >&2
  OPCC_BIN="${CARGO_TARGET_DIR:-$ROOT/target}/release/opcc"
  [[ -x $OPCC_BIN ]] || die "build finished but $OPCC_BIN is missing"
fi

# ---------------------------------------------------------------- temp dir and clean-up
TMP=$(mktemp -d "${TMPDIR:-/tmp}/opcc-bench-http.XXXXXX")
OPCC_PID=
NGINX_PID=

# shellcheck disable=SC2317 # called from the EXIT trap
stop() {
  local pid=$1
  [[ -n $pid ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# shellcheck disable=SC2317 # the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop "$OPCC_PID"
  stop "$NGINX_PID"
  if [[ $KEEP_TMP == 1 ]]; then
    log "kept $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A loopback port nobody answers on (connect refused). Another process could still take it
# before we bind; the server would then fail to start and the script says so.
free_port() {
  local p
  for _ in $(seq 1 100); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return 0
    fi
  done
  die "no free loopback port found"
}

# wait_http URL PID NAME: until URL answers 2xx, or the process dies, or 30 s pass.
wait_http() {
  local url=$1 pid=$2 name=$3
  for _ in $(seq 1 300); do
    kill -0 "$pid" 2>/dev/null || return 1
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    sleep 0.1
  done
  log "$name did not answer $url within 30 s"
  return 1
}

# ---------------------------------------------------------------- opcc
OPCC_PORT=$(free_port)
OPCC="http://127.0.0.1:$OPCC_PORT"
mkdir -p "$TMP/db"
if [[ -n ${PREPARE:-} ]]; then
  log "preparing the database: $PREPARE"
  $PREPARE "$OPCC_BIN" "sqlite://$TMP/db/bench.db" >&2 || die "PREPARE failed"
fi
log "starting opcc on $OPCC"
OPCC_LOG=warn "$OPCC_BIN" serve --bind "127.0.0.1:$OPCC_PORT" \
  --database-url "sqlite://$TMP/db/bench.db" \
  >"$TMP/opcc.out" 2>"$TMP/opcc.err" &
OPCC_PID=$!
if ! wait_http "$OPCC/healthz" "$OPCC_PID" opcc; then
  cat "$TMP/opcc.out" "$TMP/opcc.err" >&2 || true
  die "opcc failed to start"
fi

# VmHWM is the peak resident set size so far; VmRSS the current one. In kB.
proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
RSS_START_KB=$(proc_kb "$OPCC_PID" VmHWM)

# ---------------------------------------------------------------- docroot from opcc
DOCROOT="$TMP/docroot"
mkdir -p "$DOCROOT"
fetch() { # URL FILE: exact bytes of a 200 response
  local code
  code=$(curl -sS -o "$2" -w '%{http_code}' "$1") || die "cannot fetch $1"
  [[ $code == 200 ]] || die "$1 answered $code, not 200"
}
# Page N of PAGES is the file p/N, which nginx serves at /p/N.
mkdir -p "$DOCROOT/p"
for i in "${!PAGES[@]}"; do fetch "$OPCC${PAGES[$i]}" "$DOCROOT/p/$i"; done
# When this script runs as root, nginx's workers run as nobody and must read the docroot.
chmod 755 "$TMP" "$DOCROOT" "$DOCROOT/p"
chmod 644 "$DOCROOT"/p/*

# ---------------------------------------------------------------- nginx
NGINX_PORT=$(free_port)
while [[ $NGINX_PORT == "$OPCC_PORT" ]]; do NGINX_PORT=$(free_port); done
NGX="http://127.0.0.1:$NGINX_PORT"
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx/nginx.conf" <<EOF
# Written by bench/http/run.sh; everything lives in $TMP.
daemon off;
master_process on;
worker_processes $NGINX_WORKERS;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;

events {
    worker_connections 1024;
}

http {
    access_log off;
    client_body_temp_path $TMP/nginx/client_body;
    proxy_temp_path $TMP/nginx/proxy;
    fastcgi_temp_path $TMP/nginx/fastcgi;
    uwsgi_temp_path $TMP/nginx/uwsgi;
    scgi_temp_path $TMP/nginx/scgi;

    default_type text/html;
    sendfile on;
    tcp_nopush on;
    # axum keeps a connection open for any number of requests; so does nginx here
    # (its default of 1000 would make wrk reconnect every 1000 requests).
    keepalive_requests 100000000;
    keepalive_timeout 65s;

    server {
        listen 127.0.0.1:$NGINX_PORT;
        root $DOCROOT;
        location /p/ {
            default_type text/html;
        }
        location / {
            return 404;
        }
    }
}
EOF
"$NGINX" -t -q -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" >&2 ||
  die "nginx rejected its config ($TMP/nginx/nginx.conf)"
log "starting nginx on $NGX (worker_processes $NGINX_WORKERS)"
"$NGINX" -p "$TMP/nginx" -e "$TMP/nginx/error.log" -c "$TMP/nginx/nginx.conf" \
  >"$TMP/nginx/stdout" 2>&1 &
NGINX_PID=$!
if ! wait_http "$NGX/p/0" "$NGINX_PID" nginx; then
  cat "$TMP/nginx/stdout" "$TMP/nginx/error.log" >&2 || true
  die "nginx failed to start"
fi
# nginx must hand out exactly what opcc did.
for i in "${!PAGES[@]}"; do
  curl -fsS "$NGX/p/$i" | cmp -s - "$DOCROOT/p/$i" || die "nginx's copy of ${PAGES[$i]} differs from opcc's"
done

# ---------------------------------------------------------------- CPU accounting
CLK_TCK=$(getconf CLK_TCK)
# cpu_ticks PID...: utime+stime of the processes and of their direct children (nginx workers).
cpu_ticks() {
  local total=0 f line rest ppid pid
  for f in /proc/[0-9]*/stat; do
    read -r line 2>/dev/null <"$f" || continue
    pid=${line%% *}
    rest=${line##*) }
    # shellcheck disable=SC2086
    set -- $rest
    ppid=$2
    local p
    for p in "${WATCH[@]}"; do
      if [[ $pid == "$p" || $ppid == "$p" ]]; then
        total=$((total + ${12} + ${13}))
        break
      fi
    done
  done
  echo "$total"
}

# host_ticks: busy ticks of the whole machine (all cores; user, nice, system, irq, softirq,
# steal), which also catches the loopback network work the kernel does in softirq.
host_ticks() { awk '$1 == "cpu" { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# ---------------------------------------------------------------- runs
declare -A R # R[target,field]
# "opcc N" and "nginx N" measure page N of PAGES, served by each.
TARGETS=()
for i in "${!PAGES[@]}"; do TARGETS+=("opcc $i" "nginx $i"); done
name_of() { echo "${1%% *} ${PAGES[${1#* }]}"; }

run_target() {
  local target=$1 server=${1%% *} i=${1#* } url pid out timef
  if [[ $server == opcc ]]; then url="$OPCC${PAGES[$i]}" pid=$OPCC_PID; else url="$NGX/p/$i" pid=$NGINX_PID; fi
  out="$TMP/wrk-${server}-$i.txt"
  timef="$out.time"
  log "$(name_of "$target"): warm-up ${WARMUP}s"
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "$url" >/dev/null 2>&1 ||
    die "wrk warm-up against $url failed"
  log "$(name_of "$target"): measuring ${DURATION}s: wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s --latency $url"
  WATCH=("$pid")
  local before after hbefore hafter
  hbefore=$(host_ticks)
  before=$(cpu_ticks)
  local TIMEFORMAT='%3U %3S'
  { time wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency -s "$LUA" "$url" \
    >"$out" 2>&1; } 2>"$timef" || {
    cat "$out" >&2
    die "wrk against $url failed"
  }
  after=$(cpu_ticks)
  hafter=$(host_ticks)
  kill -0 "$pid" 2>/dev/null || die "$server died during the run"
  local line
  line=$(grep '^WRK_RESULT ' "$out") || {
    cat "$out" >&2
    die "no WRK_RESULT line from wrk (is $LUA readable?)"
  }
  local kv
  for kv in ${line#WRK_RESULT }; do R[$target,${kv%%=*}]=${kv#*=}; done
  R[$target,errors]=$((${R[$target,err_connect]} + ${R[$target,err_read]} + ${R[$target,err_write]} + ${R[$target,err_status]} + ${R[$target,err_timeout]}))
  R[$target,srv_cpu_s]=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
  R[$target,host_cpu_s]=$(awk -v t=$((hafter - hbefore)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }')
  R[$target,wrk_cpu_s]=$(awk '{ printf "%.2f", $1 + $2 }' "$timef")
}

# Anything else busy on the machine skews every number: sample it with both servers idle.
h0=$(host_ticks)
sleep 2
IDLE_BUSY=$(awk -v t=$(($(host_ticks) - h0)) -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz / 2 }')
if awk -v b="$IDLE_BUSY" 'BEGIN { exit !(b > 0.2) }'; then
  log "warning: the machine was already busy ($IDLE_BUSY cores) before the runs; results will be noisy"
fi

for t in "${TARGETS[@]}"; do run_target "$t"; done

# wrk asks for the pages uncompressed; browsers ask for brotli or gzip, which opcc compresses
# once per page and keeps. Ask for both, every page at once, so the memory peak counts that.
for enc in br gzip; do
  fetches=()
  for p in "${PAGES[@]}"; do
    curl -fsS -o /dev/null -H "Accept-Encoding: $enc" "$OPCC$p" &
    fetches+=($!)
  done
  wait "${fetches[@]}"
done

kill -0 "$OPCC_PID" 2>/dev/null || die "opcc is no longer running"
RSS_PEAK_KB=$(proc_kb "$OPCC_PID" VmHWM)
RSS_NOW_KB=$(proc_kb "$OPCC_PID" VmRSS)

# Pages must still be 200 after the load (wrk's own error count only sees status >= 400).
for p in "${PAGES[@]}"; do
  code=$(curl -sS -o /dev/null -w '%{http_code}' "$OPCC$p") || die "cannot fetch $OPCC$p"
  [[ $code == 200 ]] || die "opcc $p answered $code after the run"
done

# ---------------------------------------------------------------- report
ms() { awk -v u="$1" 'BEGIN { printf "%.2f", u / 1000 }'; }
rps() { awk -v n="$1" -v d="$2" 'BEGIN { printf "%.0f", n / (d / 1e6) }'; }
cores() { awk -v s="$1" -v d="$2" 'BEGIN { printf "%.2f", s / (d / 1e6) }'; }
us_per_req() { awk -v s="$1" -v n="$2" 'BEGIN { printf "%.1f", n ? s * 1e6 / n : 0 }'; }
mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

echo
echo "HTTP benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) cores, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
echo "opcc: $("$OPCC_BIN" --version), $OPCC_BIN, $BUILT_FROM"
echo "nginx: $("$NGINX" -v 2>&1 | sed 's/^nginx version: //'), worker_processes $NGINX_WORKERS"
echo "background load: $IDLE_BUSY cores busy with both servers idle, just before the runs"
echo "wrk: -t$THREADS -c$CONNECTIONS -d${DURATION}s after a ${WARMUP}s warm-up, same machine as the servers"
echo "page sizes (bytes, as sent without compression):"
for i in "${!PAGES[@]}"; do printf '  %-60s %9s\n' "${PAGES[$i]}" "$(wc -c <"$DOCROOT/p/$i")"; done
echo
fmt='%-66s %8s %8s %8s %7s %9s %8s %8s %9s\n'
# shellcheck disable=SC2059
printf "$fmt" target "p50 ms" "p99 ms" "req/s" errors requests "srv cpu" "wrk cpu" "other cpu"
DISTURBED=()
for t in "${TARGETS[@]}"; do
  d=${R[$t,duration_us]}
  other=$(awk -v a="${R[$t,host_cpu_s]}" -v b="${R[$t,srv_cpu_s]}" -v c="${R[$t,wrk_cpu_s]}" \
    'BEGIN { o = a - b - c; printf "%.2f", o < 0 ? 0 : o }')
  # shellcheck disable=SC2059
  printf "$fmt" "$(name_of "$t")" "$(ms "${R[$t,p50_us]}")" "$(ms "${R[$t,p99_us]}")" \
    "$(rps "${R[$t,requests]}" "$d")" "${R[$t,errors]}" "${R[$t,requests]}" \
    "$(cores "${R[$t,srv_cpu_s]}" "$d")" "$(cores "${R[$t,wrk_cpu_s]}" "$d")" \
    "$(cores "$other" "$d")"
  if awk -v s="$other" -v d="$d" 'BEGIN { exit !(s / (d / 1e6) > 0.25) }'; then DISTURBED+=("$(name_of "$t")"); fi
done
echo "(cpu columns: cores busy on average during the measured run, out of $(nproc): the server's"
echo " processes, wrk, and everything else on the machine, which is near 0 on a quiet machine)"
if [[ ${#DISTURBED[@]} -gt 0 ]]; then
  echo "WARNING: other work used over 0.25 cores during: ${DISTURBED[*]}; those numbers are disturbed, run again on a quiet machine"
fi
echo
for t in "${TARGETS[@]}"; do
  if [[ ${R[$t,errors]} -ne 0 ]]; then
    echo "errors for $(name_of "$t"): connect ${R[$t,err_connect]}, read ${R[$t,err_read]}, write ${R[$t,err_write]}, status ${R[$t,err_status]}, timeout ${R[$t,err_timeout]}"
  fi
done
echo "server CPU time per request:"
for t in "${TARGETS[@]}"; do
  printf '  %-66s %6s us\n' "$(name_of "$t")" "$(us_per_req "${R[$t,srv_cpu_s]}" "${R[$t,requests]}")"
done
echo
declare -A RATIO
for i in "${!PAGES[@]}"; do
  RATIO[$i]=$(awk -v a="${R[opcc $i,p99_us]}" -v b="${R[nginx $i,p99_us]}" \
    'BEGIN { if (b > 0) printf "%.2f", a / b; else print "inf" }')
  echo "p99 ratio opcc/nginx ${PAGES[$i]}: ${RATIO[$i]}"
done
echo "opcc peak RSS (VmHWM): $(mib "$RSS_PEAK_KB") MiB (after start-up: $(mib "$RSS_START_KB") MiB, at the end: $(mib "$RSS_NOW_KB") MiB)"
echo
verdict() { if [[ $1 == 1 ]]; then echo PASS; else echo FAIL; fi; }
for i in "${!PAGES[@]}"; do
  ok=$(awk -v r="${RATIO[$i]}" -v m="$P99_RATIO_MAX" 'BEGIN { print (r != "inf" && r + 0 <= m) ? 1 : 0 }')
  echo "$(verdict "$ok"): opcc p99 for ${PAGES[$i]} within ${P99_RATIO_MAX}x nginx's (${RATIO[$i]}x)"
done
for t in "${TARGETS[@]}"; do
  ok=$([[ ${R[$t,errors]} -eq 0 ]] && echo 1 || echo 0)
  echo "$(verdict "$ok"): zero errors for $(name_of "$t") (${R[$t,errors]})"
done
ok=$(awk -v k="$RSS_PEAK_KB" -v m="$RSS_MAX_MIB" 'BEGIN { print (k / 1024 < m) ? 1 : 0 }')
echo "$(verdict "$ok"): opcc peak RSS under ${RSS_MAX_MIB} MiB ($(mib "$RSS_PEAK_KB") MiB)"
exit 0

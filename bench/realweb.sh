# The real-web jobs of bench/run: many host names, TLS handshakes, TLS keep-alive, C10k and a long run.
# Sourced by bench/run (it uses its say, die, timed, record, fetch_urls_run, warm_up, wrk_run and sizes).
#
# They run in a network namespace of the benchmark's own: bench/run creates it, names dnsmasq on its
# 127.0.0.1:53 as the only nameserver (/etc/netns/NAME/resolv.conf, which `ip netns exec` puts in place of
# /etc/resolv.conf) and runs itself again inside. dnsmasq answers every name under bench.test with 127.0.0.1,
# so the 10,000 hosts n1.bench.test ... are 10,000 names to resolve and 10,000 connection pools for every
# client, served by one nginx on 127.0.0.1; nothing leaves the namespace.
# shellcheck shell=bash

REAL_JOBS=(manyhosts tlshandshake tlskeepalive c10k longrun)
REAL_DOMAIN=bench.test

is_real_job() { [[ " ${REAL_JOBS[*]} " == *" $1 "* ]]; }

wants_real_jobs() {
  local job
  for job in "${JOBS[@]}"; do is_real_job "$job" && return 0; done
  return 1
}

# ---------------------------------------------------------------- the namespace (outside it)

# Runs bench/run again inside a new namespace with the same arguments; removes the namespace, its resolv.conf
# and whatever still runs in it on exit. Returns the inner run's exit status.
run_in_namespace() { # ARGS...
  NETNS=shoal-bench-$$
  ip netns add "$NETNS" || die "cannot create a network namespace (ip netns add needs root)"
  trap leave_namespace EXIT
  trap 'exit 130' INT TERM
  mkdir -p "/etc/netns/$NETNS"
  echo "nameserver 127.0.0.1" >"/etc/netns/$NETNS/resolv.conf"
  local rc=0
  ip netns exec "$NETNS" env BENCH_NETNS="$NETNS" "$BENCH_DIR/run" "$@" || rc=$?
  return $rc
}

leave_namespace() {
  local pid
  [ -n "${NETNS:-}" ] || return 0
  for pid in $(ip netns pids "$NETNS" 2>/dev/null); do kill "$pid" 2>/dev/null || true; done
  for pid in $(ip netns pids "$NETNS" 2>/dev/null); do sleep 0.5; kill -9 "$pid" 2>/dev/null || true; done
  ip netns del "$NETNS" 2>/dev/null || true
  rm -rf "/etc/netns/$NETNS"
}

# ---------------------------------------------------------------- the servers (inside it)

# The namespace's own kernel settings: an accept queue for 10,000 connects at once (C10k), ports for the
# many connections of one client to one server address.
tune_namespace() {
  ip link set lo up
  sysctl -qw net.core.somaxconn=16384 net.ipv4.tcp_max_syn_backlog=16384 \
    net.ipv4.ip_local_port_range="1024 65000" net.ipv4.tcp_tw_reuse=1 2>/dev/null \
    || say "warning: could not tune the namespace's sysctls"
}

make_certificates() { # DIR: a test CA and an ECDSA P-256 leaf for *.bench.test
  local d=$1
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/ca.key" -out "$d/ca.pem" \
    -days 2 -subj "/CN=shoal bench CA" -addext basicConstraints=critical,CA:TRUE \
    -addext keyUsage=critical,keyCertSign 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$d/leaf.key" -out "$d/leaf.csr" \
    -subj "/CN=$REAL_DOMAIN" 2>/dev/null
  printf 'subjectAltName=DNS:%s,DNS:*.%s\nextendedKeyUsage=serverAuth\n' "$REAL_DOMAIN" "$REAL_DOMAIN" >"$d/leaf.ext"
  openssl x509 -req -in "$d/leaf.csr" -CA "$d/ca.pem" -CAkey "$d/ca.key" -CAcreateserial -out "$d/leaf.pem" \
    -days 2 -extfile "$d/leaf.ext" 2>/dev/null
  CA_FILE=$d/ca.pem
}

start_real_servers() {
  local d=$WORK/real
  mkdir -p "$d/tmp"
  chmod 755 "$d"

  # One rule answers every name under the domain; no upstream, no /etc/hosts, no cache to fill. Its answers
  # carry a TTL of 300 s as a real site's do: dnsmasq's default for them, 0, would make a client that honours
  # TTLs (Shoal) ask again for every connection, while aiohttp and the JDK cache for a fixed time whatever the TTL.
  dnsmasq --keep-in-foreground --no-resolv --no-hosts --no-poll --bind-interfaces --listen-address=127.0.0.1 \
    --port=53 --user=root --pid-file="$d/dnsmasq.pid" --cache-size=0 --local-ttl=300 \
    --address="/$REAL_DOMAIN/127.0.0.1" >"$WORK/logs/dnsmasq.log" 2>&1 &
  DNSMASQ_PID=$!

  make_certificates "$d"
  REAL_HTTP_PORT=$(free_port) REAL_HTTPS_PORT=$(free_port)
  # One worker, as in the other jobs; sockets for 10,000 hosts' connections (the file limit is the cap).
  cat >"$d/nginx.conf" <<EOF
daemon off;
master_process off;
worker_processes 1;
worker_rlimit_nofile $(ulimit -Hn);
pid $d/nginx.pid;
error_log $d/error.log warn;
events { worker_connections $(($(ulimit -Hn) - 100)); }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 120s;
  client_body_temp_path $d/tmp; proxy_temp_path $d/tmp; fastcgi_temp_path $d/tmp; uwsgi_temp_path $d/tmp;
  scgi_temp_path $d/tmp;
  ssl_certificate $d/leaf.pem;
  ssl_certificate_key $d/leaf.key;
  server { listen 127.0.0.1:$REAL_HTTP_PORT backlog=16384; location / { return 200 "hello\n"; } }
  server { listen 127.0.0.1:$REAL_HTTPS_PORT ssl backlog=16384; location / { return 200 "hello\n"; } }
}
EOF
  nginx -p "$d" -e "$d/error.log" -c "$d/nginx.conf" >"$WORK/logs/nginx-real.log" 2>&1 &
  REAL_NGINX_PID=$!

  C10K_PORT=$(free_port)
  node "$PEER_SRC/delay_server.js" "$C10K_PORT" 16384 >"$WORK/logs/delay_server-c10k.log" 2>&1 &
  C10K_PID=$!

  wait_for "http://n1.$REAL_DOMAIN:$REAL_HTTP_PORT/" "nginx (through dnsmasq)" "$WORK/logs/dnsmasq.log"
  curl -sf --cacert "$CA_FILE" -o /dev/null "https://n2.$REAL_DOMAIN:$REAL_HTTPS_PORT/" \
    || die "nginx's HTTPS does not answer with a certificate of the test CA (see $d/error.log)"
  wait_for "http://n3.$REAL_DOMAIN:$C10K_PORT/delay/0" "the C10k delay server" "$WORK/logs/delay_server-c10k.log"
}

stop_real_servers() {
  local pid
  for pid in ${REAL_NGINX_PID:-} ${C10K_PID:-} ${DNSMASQ_PID:-}; do
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  REAL_NGINX_PID= C10K_PID= DNSMASQ_PID=
}

# ---------------------------------------------------------------- the URLs

# N URLs over HOSTS names n1..nHOSTS, each name N/HOSTS times, in a shuffled order (fixed seed): a list as a
# crawl has it, where a host's URLs are spread through the list; every client gets the same file.
host_urls() { # SCHEME PORT HOSTS N PATH → path
  local f=$WORK/urls-$1-$2-$3-$4.txt
  [ -f "$f" ] || "$PYTHON" - "$@" >"$f" <<'PY'
import random, sys
scheme, port, hosts, n, path = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
order = [i % hosts for i in range(n)]
random.Random(14).shuffle(order)
sys.stdout.write("".join(f"{scheme}://n{h + 1}.bench.test:{port}{path}?i={i}\n" for i, h in enumerate(order)))
PY
  echo "$f"
}

# ---------------------------------------------------------------- the jobs

# Every peer over the same URL file: Shoal with --per-host (and --cacert), aiohttp with aio_crawl.py
# (TCPConnector limit_per_host, ssl context with cafile), AsyncHttpClient with maxConnectionsPerHost (and the
# CA in its SslContext), the JDK's HttpClient with the CA in its SSLContext's truststore and no per-host
# limit (it has none).
real_peers_run() { # JOB URLS N C PER_HOST HOSTS CAFILE [PEERS...]
  local job=$1 urls=$2 n=$3 c=$4 per_host=$5 hosts=$6 cafile=$7 peer
  shift 7
  for peer in "$@"; do
    wants "$peer" || continue
    if [ "$peer" = jdk ]; then
      fetch_urls_run "$job" jdk "$urls" "$n" "$c" "$hosts:none${REAL_PARAM_SUFFIX:-}" "$per_host" "$cafile"
    else
      fetch_urls_run "$job" "$peer" "$urls" "$n" "$c" "$hosts:$per_host${REAL_PARAM_SUFFIX:-}" "$per_host" "$cafile"
    fi
  done
}

# wrk for as long as Shoal's run of the job took (its last timed run), at least 2 s.
wrk_as_long_as_shoal() { # JOB URL C N_FALLBACK
  local seconds
  seconds=$(awk -v w="${SHOAL_WALL:-0}" -v n="$4" 'BEGIN { s = w > 0 ? w : n / 40000; s = int(s + 0.999); print (s < 2 ? 2 : s) }')
  wrk_run "$1" "$4" "$3" "$seconds" "$2"
}

job_manyhosts() {
  local n=$BENCH_MANYHOSTS_N h=$BENCH_MANYHOSTS_HOSTS c=$BENCH_MANYHOSTS_C p=$BENCH_PER_HOST urls peer
  say "manyhosts: $n GETs over $h names, $c in flight, $p per host"
  urls=$(host_urls http "$REAL_HTTP_PORT" "$h" "$n" /)
  warm_up "http://n1.$REAL_DOMAIN:$REAL_HTTP_PORT/" "$c"
  for peer in shoal aiohttp jdk ahc; do
    real_peers_run manyhosts "$urls" "$n" "$c" "$p" "$h" "" "$peer"
  done
  # The same names with fewer requests: what memory the names and their pools cost beside the requests.
  if wants shoal; then
    local small=$BENCH_MANYHOSTS_SMALL_N
    urls=$(host_urls http "$REAL_HTTP_PORT" "$h" "$small" /)
    fetch_urls_run manyhosts shoal "$urls" "$small" "$c" "$h:$p" "$p" ""
  fi
}

job_tlshandshake() {
  local n=$BENCH_TLSHANDSHAKE_N h=$BENCH_TLSHANDSHAKE_HOSTS c=$BENCH_TLSHANDSHAKE_C p=$BENCH_PER_HOST urls
  say "tlshandshake: $n HTTPS GETs over $h names, $c in flight, $p per host"
  urls=$(host_urls https "$REAL_HTTPS_PORT" "$h" "$n" /)
  warm_up "https://n1.$REAL_DOMAIN:$REAL_HTTPS_PORT/" "$c"
  real_peers_run tlshandshake "$urls" "$n" "$c" "$p" "$h" "$CA_FILE" shoal aiohttp jdk ahc
}

job_tlskeepalive() {
  local n=$BENCH_TLSKEEPALIVE_N c=$BENCH_TLSKEEPALIVE_C urls url=https://n1.$REAL_DOMAIN:$REAL_HTTPS_PORT/
  say "tlskeepalive: $n HTTPS GETs to one host, $c in flight"
  urls=$(host_urls https "$REAL_HTTPS_PORT" 1 "$n" /)
  warm_up "$url" "$c"
  SHOAL_WALL=
  real_peers_run tlskeepalive "$urls" "$n" "$c" "$c" 1 "$CA_FILE" shoal
  wants wrk && wrk_as_long_as_shoal tlskeepalive "$url" "$c" "$n"
  real_peers_run tlskeepalive "$urls" "$n" "$c" "$c" 1 "$CA_FILE" aiohttp jdk ahc
}

job_c10k() {
  local n=$BENCH_C10K_N c=$BENCH_C10K_C d=$BENCH_C10K_DELAY_MS urls
  say "c10k: $n GETs of /delay/$d, $c in flight"
  urls=$(host_urls http "$C10K_PORT" 1 "$n" "/delay/$d")
  warm_up "http://n1.$REAL_DOMAIN:$C10K_PORT/delay/0" 1000
  REAL_PARAM_SUFFIX=/$d real_peers_run c10k "$urls" "$n" "$c" "$c" 1 "" shoal aiohttp jdk ahc
}

job_longrun() {
  local n=$BENCH_LONGRUN_N c=$BENCH_LONGRUN_C pn url=http://n1.$REAL_DOMAIN:$REAL_HTTP_PORT/ urls
  pn=$(at_most "$BENCH_LONGRUN_PEER_N" "$n")
  say "longrun: $n GETs to one host, $c in flight (aiohttp, JDK, AsyncHttpClient: the first $pn)"
  urls=$(host_urls http "$REAL_HTTP_PORT" 1 "$n" /)
  warm_up "$url" "$c"
  SHOAL_WALL=
  real_peers_run longrun "$urls" "$n" "$c" "$c" 1 "" shoal
  wants wrk && wrk_as_long_as_shoal longrun "$url" "$c" "$n"
  urls=$(host_urls http "$REAL_HTTP_PORT" 1 "$pn" /)
  real_peers_run longrun "$urls" "$pn" "$c" "$c" 1 "" aiohttp jdk ahc
}

#!/usr/bin/env bash
# Two CmqRecovery nodes on PostgreSQL behind haproxy with TLS, all on this machine's loopback.
# Ctrl-C stops everything this script started. See docs/DEPLOYMENT.md.
#
# Environment (all optional):
#   CMQ_PUBLIC_PORT (8443)  CMQ_NODE1_PORT (5101)  CMQ_NODE2_PORT (5102)  CMQ_SMTP_PORT (2525)
#   CMQ_SMTP_HOST           a real SMTP server to use instead of the local mail sink (then Smtp__* as usual)
#   CMQ_DB_NAME (cmqrecovery_local)  CMQ_DB_USER (cmqrecovery)  CMQ_DB_PASSWORD (cmqrecovery-local)
#   CMQ_SEED_DEMO (1)       seed README's demo members into an empty database (runs the app once in Development)
#   CMQ_REQUEST_RATE (300)  CMQ_SIGNIN_RATE (20)   haproxy's per-client-IP limits (per 10 s / per 5 min)
#   CMQ_CONNECTIONS_PER_IP (40)  connections one client IP may hold open at the proxy
#   CMQ_NODE_MAXCONN (1100)      connections the proxy opens to one node at once
#   CMQ_RUN_DIR (deploy/.run)   certificates, keys, the published app, logs and received mail
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
run="${CMQ_RUN_DIR:-$root/deploy/.run}"
public_port="${CMQ_PUBLIC_PORT:-8443}"
node1_port="${CMQ_NODE1_PORT:-5101}"
node2_port="${CMQ_NODE2_PORT:-5102}"
smtp_port="${CMQ_SMTP_PORT:-2525}"
db_name="${CMQ_DB_NAME:-cmqrecovery_local}"
db_user="${CMQ_DB_USER:-cmqrecovery}"
db_password="${CMQ_DB_PASSWORD:-cmqrecovery-local}"
public_url="https://localhost:${public_port}"
mkdir -p "$run/logs" "$run/mail"

pids=()
stop_all() {
  trap - INT TERM EXIT
  if [ "${#pids[@]}" -gt 0 ]; then
    echo "Stopping ${pids[*]}…"
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop_all INT TERM EXIT

as_postgres() { if [ "$(id -u)" = 0 ]; then (cd / && su postgres -c "$*"); else (cd / && sudo -u postgres sh -c "$*"); fi; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

for tool in haproxy openssl dotnet pg_lsclusters; do
  command -v "$tool" >/dev/null || { echo "$tool is missing: apt-get install haproxy openssl postgresql (and the .NET 10 SDK)." >&2; exit 1; }
done

# 1. PostgreSQL: Debian's packaged cluster, started if it is not; a role and a database for the app.
pg_version="$(ls /etc/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" && $4 == "online" { f = 1 } END { exit !f }'; then
  as_root pg_ctlcluster "$pg_version" main start
fi
pg_port="$(pg_lsclusters -h | awk -v v="$pg_version" '$1 == v && $2 == "main" { print $3 }')"
as_postgres "psql -v ON_ERROR_STOP=1 -q" <<SQL
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', '$db_user', '$db_password') WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db_user')\gexec
SELECT format('CREATE DATABASE %I OWNER %I', '$db_name', '$db_user') WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db_name')\gexec
SQL

# 2. Secrets, made once and kept in the run folder (a real installation keeps them in its secret store).
if [ ! -f "$run/tls.pem" ]; then  # the proxy's certificate, self-signed for loopback
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" -keyout "$run/tls.key" -out "$run/tls.crt" 2>/dev/null
  cat "$run/tls.crt" "$run/tls.key" > "$run/tls.pem" && chmod 600 "$run/tls.pem" "$run/tls.key"
fi
if [ ! -f "$run/dataprotection.pfx" ]; then  # encrypts the Data Protection key ring at rest
  openssl req -x509 -newkey rsa:3072 -nodes -days 3650 -subj "/CN=CmqRecovery Data Protection" \
    -keyout "$run/dataprotection.key" -out "$run/dataprotection.crt" 2>/dev/null
  openssl rand -base64 24 > "$run/dataprotection.password"
  openssl pkcs12 -export -in "$run/dataprotection.crt" -inkey "$run/dataprotection.key" \
    -passout "file:$run/dataprotection.password" -out "$run/dataprotection.pfx"
  rm "$run/dataprotection.key" && chmod 600 "$run/dataprotection.pfx" "$run/dataprotection.password"
fi
if [ ! -f "$run/answer-pepper" ]; then  # keys the answer hashes; losing it means re-enrolling every member's answers
  openssl rand -base64 32 > "$run/answer-pepper" && chmod 600 "$run/answer-pepper"
fi

# 3. The app, published as it is deployed.
echo "Publishing the app to $run/app…"
dotnet publish "$root/CmqRecovery.Web/CmqRecovery.Web.csproj" -c Release -o "$run/app" --nologo -v quiet

# 4. Mail: a real server if given, else a loopback sink that keeps each message and prints the links.
smtp_host="${CMQ_SMTP_HOST:-}"
if [ -z "$smtp_host" ]; then
  smtp_host=127.0.0.1
  python3 "$root/deploy/mail-sink.py" "$smtp_port" "$run/mail" > "$run/logs/mail.log" 2>&1 &
  pids+=($!)
  export Smtp__Port="$smtp_port" Smtp__Security=None
fi

# What every node gets: the production environment and its settings (README, Configuration).
export ASPNETCORE_ENVIRONMENT=Production
export Database__Provider=PostgreSql
export ConnectionStrings__Recovery="Host=127.0.0.1;Port=${pg_port};Database=${db_name};Username=${db_user};Password=${db_password}"
export Smtp__Host="$smtp_host"
export Recovery__PublicBaseUrl="$public_url"
export ForwardedHeaders__KnownProxies__0=127.0.0.1
export DataProtection__CertificatePath="$run/dataprotection.pfx"
DataProtection__CertificatePassword="$(cat "$run/dataprotection.password")"
Hashing__AnswerPepper="$(cat "$run/answer-pepper")"
export DataProtection__CertificatePassword Hashing__AnswerPepper

wait_for() {  # url, seconds
  local deadline=$((SECONDS + $2))
  until curl -fsk -o /dev/null "$1"; do
    [ "$SECONDS" -lt "$deadline" ] || { echo "No answer from $1 within $2 s; see $run/logs/." >&2; exit 1; }
    sleep 0.5
  done
}

# 5. Demo members (an empty database only): the app seeds them when started once in Development.
if [ "${CMQ_SEED_DEMO:-1}" = 1 ]; then
  ASPNETCORE_ENVIRONMENT=Development ASPNETCORE_URLS="http://127.0.0.1:${node1_port}" \
    dotnet "$run/app/CmqRecovery.Web.dll" --contentRoot "$run/app" > "$run/logs/seed.log" 2>&1 &
  seed=$!
  wait_for "http://127.0.0.1:${node1_port}/readyz" 120
  kill "$seed" && wait "$seed" || true
fi

# 6. Two nodes. The first migrates the database and makes the key ring alone; the second then finds both.
start_node() {  # name, port
  ASPNETCORE_URLS="http://127.0.0.1:$2" dotnet "$run/app/CmqRecovery.Web.dll" --contentRoot "$run/app" \
    > "$run/logs/$1.log" 2>&1 &
  pids+=($!)
  wait_for "http://127.0.0.1:$2/readyz" 120
  echo "$1 ready on http://127.0.0.1:$2 (pid $!)"
}
start_node node1 "$node1_port"
start_node node2 "$node2_port"

# 7. The proxy in front.
CMQ_PUBLIC_BIND="127.0.0.1:${public_port}" CMQ_TLS_PEM="$run/tls.pem" \
CMQ_NODE1="127.0.0.1:${node1_port}" CMQ_NODE2="127.0.0.1:${node2_port}" \
CMQ_REQUEST_RATE="${CMQ_REQUEST_RATE:-300}" CMQ_SIGNIN_RATE="${CMQ_SIGNIN_RATE:-20}" \
CMQ_CONNECTIONS_PER_IP="${CMQ_CONNECTIONS_PER_IP:-40}" CMQ_NODE_MAXCONN="${CMQ_NODE_MAXCONN:-1100}" \
  haproxy -db -f "$root/deploy/haproxy.cfg" > "$run/logs/haproxy.log" 2>&1 &
pids+=($!)
wait_for "$public_url/healthz" 30

echo
echo "CmqRecovery: $public_url  (self-signed certificate: accept it once)"
echo "Mail: $run/mail/ — reset links are printed in $run/logs/mail.log"
echo "Logs: $run/logs/   Ctrl-C stops everything."
wait

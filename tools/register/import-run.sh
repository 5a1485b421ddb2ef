#!/bin/bash
# One members import of a generated register into a fresh database, timed by /usr/bin/time -v (docs/PERFORMANCE.md,
# "Member register import"). Appends one line to results.txt: wall time, user and system CPU, peak RSS, load average.
#
#   tools/register/import-run.sh <app folder> <lines> <sqlite|postgresql> <tag>
#   e.g. dotnet build CmqRecovery.Web && tools/register/import-run.sh CmqRecovery.Web/bin/Debug/net10.0 50000 sqlite s-50k
#
# The register comes from generate.py (cached in $WORK). PostgreSQL: CMQ_BENCH_POSTGRES, a server where the user may
# create databases (default the tests' local server). DOTNET_gcServer=0 in the environment measures the live set
# with the workstation collector (the app runs the server collector, whose heaps grow with the allocation rate).
set -euo pipefail
app=$(realpath "$1"); lines=$2; provider=$3; tag=$4
here=$(dirname "$(realpath "$0")")
WORK=${WORK:-/tmp/register-bench}; mkdir -p "$WORK"; cd "$WORK"
file="$WORK/registre-$lines.csv"
[ -f "$file" ] || python3 "$here/generate.py" "$lines" > "$file"
server=${CMQ_BENCH_POSTGRES:-"Host=127.0.0.1;Port=5432;Username=cmq;Password=cmq"}
if [ "$provider" = sqlite ]; then
  rm -f "$WORK/$tag.db"*; conn="Data Source=$WORK/$tag.db"
else
  db="register_bench_${tag//-/_}"
  PGPASSWORD=cmq psql -h 127.0.0.1 -U cmq -d postgres -qc "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
  conn="$server;Database=$db"
fi
load=$(cut -d' ' -f1 /proc/loadavg)
rc=0
/usr/bin/time -v dotnet "$app/CmqRecovery.Web.dll" members import "$file" --Database:Provider="$provider" \
  "--ConnectionStrings:Recovery=$conn" --environment=Development > "$tag.out" 2> "$tag.err" || rc=$?
field() { grep "$1" "$tag.err" | awk '{print $NF}'; }
echo "$tag lines=$lines $provider rc=$rc wall=$(field Elapsed) user=$(field 'User time') sys=$(field 'System time')" \
  "rssKB=$(field 'Maximum resident') load=$load..$(cut -d' ' -f1 /proc/loadavg) $(tail -1 "$tag.out")" | tee -a "$WORK/results.txt"

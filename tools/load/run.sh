#!/usr/bin/env bash
# Issue 7 item 2's measurement: 300 sign-in posts from one IP (127.0.0.2) over 10 s while a member recovers in
# headless Chromium from another (127.0.0.1), production KDF cost (210,000 iterations), default RateLimits.
# Loopback only, bounded (300 posts, one recovery per run). Not part of `dotnet test CmqRecovery.sln`: the test
# CmqRecovery.Tests/Load/SignInFloodMeasurement.cs is skipped unless CMQ_LOAD=1.
#
#   tools/load/run.sh [runs]            # default limits, 5 runs
#   CMQ_LOAD_UNLIMITED=1 tools/load/run.sh 3   # the same flood with the limits raised, for comparison
#
# Each run appends one JSON line to tools/load/results.jsonl (CMQ_LOAD_OUT overrides); medians are printed at the end.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs="${1:-5}"
out="${CMQ_LOAD_OUT:-$PWD/tools/load/results.jsonl}"
first_line=$(( $( [ -f "$out" ] && wc -l < "$out" || echo 0 ) + 1 ))
dotnet build CmqRecovery.Tests -v q -nologo
for i in $(seq 1 "$runs"); do
  echo "run $i/$runs"
  CMQ_LOAD=1 CMQ_LOAD_OUT="$out" dotnet test CmqRecovery.Tests --no-build -nologo -v q \
    --filter "FullyQualifiedName~SignInFloodMeasurement" || echo "run $i failed (see above)"
done
tail -n +"$first_line" "$out" | python3 "$(dirname "$0")/medians.py"

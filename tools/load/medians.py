"""Medians of the JSON lines SignInFloodMeasurement writes (one per run), read from standard input."""
import json
import statistics
import sys

runs = [json.loads(line) for line in sys.stdin if line.strip()]
if not runs:
    sys.exit("no runs")
print(f"{len(runs)} runs, mode: {', '.join(sorted({r['mode'] for r in runs}))}, processors: {runs[0]['processors']}")
print(f"CPU seconds during the flood: median {statistics.median(r['cpuSeconds'] for r in runs):.2f} "
      f"(runs: {', '.join(str(r['cpuSeconds']) for r in runs)})")
quiet = [r["quietRecoveryCpuSeconds"] for r in runs if "quietRecoveryCpuSeconds" in r]
if quiet:
    print(f"CPU seconds of one recovery without the flood: median {statistics.median(quiet):.2f}; "
          f"so the flood itself cost about {statistics.median(r['cpuSeconds'] - r['quietRecoveryCpuSeconds'] for r in runs if 'quietRecoveryCpuSeconds' in r):.2f}")
print(f"machine load average before the flood: median {statistics.median(r.get('loadAverage', 0) for r in runs):.1f}")
print(f"flood wall seconds: median {statistics.median(r['floodWallSeconds'] for r in runs):.2f}")
statuses = sorted({code for r in runs for code in r['byStatus']})
print("posts by status (median): " + ", ".join(
    f"{code}: {statistics.median(r['byStatus'].get(code, 0) for r in runs):g}" for code in statuses))


def p95(values):
    """Nearest rank: with few runs this is the slowest or next-slowest one."""
    ordered = sorted(values)
    return ordered[max(0, -(-95 * len(ordered) // 100) - 1)]


for phase in ("quietStepsMs", "floodStepsMs"):
    print(f"{phase}:")
    for step in runs[0][phase]:
        values = [r[phase][step] for r in runs]
        print(f"  {step:14} p50 {statistics.median(values):6.0f} ms   p95 {p95(values):6.0f} ms   max {max(values):6.0f} ms")
    all_steps = [v for r in runs for v in r[phase].values()]
    print(f"  all steps: p50 {statistics.median(all_steps):.0f} ms, p95 {p95(all_steps):.0f} ms, max {max(all_steps):.0f} ms")

#!/usr/bin/env bash
# The CLI as users run it: published ReadyToRun, one fresh process per run. Prints a Markdown table of the engine's
# elapsedMilliseconds (first and only analysis in the process), wall time and peak memory of the process, with the
# laws, count and certificate, for the sizes users have. Usage: benchmarks/cli-targets.sh [runs per model, default 3]
set -euo pipefail
RUNS=${1:-3}
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
dotnet publish "$ROOT/src/Cli" -c Release -r linux-x64 --self-contained false -o "$OUT/cli" >/dev/null
CLI="$OUT/cli/conservation-laws"

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

echo "| model | D | laws | independent laws | complete | certificate | elapsed (ms) | wall (s) | peak (MB) |"
echo "|---|---:|---:|---:|---|---|---:|---:|---:|"
while IFS="|" read -r label args; do
  for i in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$CLI" analyze $args --json > "$OUT/run.json" || true
    python3 - "$OUT/run.json" "$OUT/time.txt" >> "$OUT/rows.txt" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); wall, kb = open(sys.argv[2]).read().split()[-2:]
print(d["elapsedMilliseconds"], wall, int(kb) // 1024, d["parameters"], d["polynomialLawCount"], d["independentLawCount"], d["complete"], d["certificate"])
PY
  done
  e=$(awk '{print $1}' "$OUT/rows.txt" | median); w=$(awk '{print $2}' "$OUT/rows.txt" | median); m=$(awk '{print $3}' "$OUT/rows.txt" | median)
  read -r _ _ _ d laws count complete cert < <(tail -1 "$OUT/rows.txt")
  echo "| $label | $d | $laws | $count | $complete | $cert | $e | $w | $m |"
  rm "$OUT/rows.txt"
done <<'EOF2'
relu+bias 12,14,12,6|--layers 12,14,12,6 --activation relu --bias
linear 14,16,12,6|--layers 14,16,12,6
relu+bias 784,128,10|--layers 784,128,10 --activation relu --bias
relu+bias 784,512,256,10|--layers 784,512,256,10 --activation relu --bias
relu+bias 64,256×10,10|--layers 64,256,256,256,256,256,256,256,256,256,256,10 --activation relu --bias
linear 512,512,512|--layers 512,512,512
relu+bias 1000,1000,10|--layers 1000,1000,10 --activation relu --bias
linear 720,720,720|--layers 720,720,720
linear 64,64,64,16 (no theorem)|--layers 64,64,64,16
EOF2

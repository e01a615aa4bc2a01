#!/usr/bin/env bash
# Peak memory and time on pathological sizes (issue: bounded memory). Needs GNU time.
#   bench/sizes.sh            # prints one line per case: peak RSS (MB), seconds, exit code
# The budgets themselves are asserted by the ignored tests of tests/hostile_sizes.rs (.ci/run).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null || { echo "needs GNU time (apt-get install time)"; exit 1; }
cargo build --release --quiet
GW="$(cd "${CARGO_TARGET_DIR:-target}" && pwd)/release/gwlint"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
python3 - "$T" <<'PY'
import sys, os
t = sys.argv[1]
open(os.path.join(t, "2m-findings.txt"), "w").write("比如:细化" * 2_000_000 + "\n")  # 26 MB, one line
open(os.path.join(t, "100m-a.txt"), "w").write("a" * 100_000_000)
open(os.path.join(t, "10m-de.txt"), "w").write("的" * 3_400_000)            # 10 MB
open(os.path.join(t, "100m-de.txt"), "w").write("的" * 33_333_333)
open(os.path.join(t, "100m-guo.txt"), "w").write("国" * 33_333_333)
os.mkdir(os.path.join(t, "many"))
for i in range(400):                                                        # 2 M findings in all
    open(os.path.join(t, "many", f"f{i:03}.txt"), "w").write("比如:细化" * 5000 + "\n")
PY
run() {
  local name=$1; shift
  /usr/bin/time -f "%M %e %x" -o "$T/time" "$@" >/dev/null 2>"$T/err" || true
  read -r kb secs code < <(tail -1 "$T/time" | awk '{print $1, $2, $NF}')
  printf '%-40s %6d MB %7.2f s  exit %s\n' "$name" $((kb / 1024)) "$secs" "$code"
}
for fmt in human json jsonl sarif csv github; do
  run "2M findings, --format $fmt" "$GW" check --format "$fmt" "$T/2m-findings.txt"
done
run "2M findings, report --format json" "$GW" report --format json "$T/2m-findings.txt"
run "2M findings, report, --max-findings 0" "$GW" report --format json --max-findings 0 "$T/2m-findings.txt"
for fmt in json jsonl csv github sarif; do
  run "400 files of 5,000 findings, $fmt" "$GW" check --format "$fmt" "$T/many"
done
run "100 MB of a" "$GW" check --format json "$T/100m-a.txt"
run "10 MB of 的" "$GW" check --format json "$T/10m-de.txt"
run "100 MB of 的" "$GW" check --format json "$T/100m-de.txt"
run "100 MB of 国" "$GW" check --format json "$T/100m-guo.txt"

#!/usr/bin/env bash
# Archive-scale benchmark for `gwlint report` (issue: batch audits): 1,000 and 5,000 small
# drafts cut from the corpus, and the corpus itself; whole-process wall time at -j1 and all
# cores, files/s, MB/s and peak memory (RSS), `report` against `check --format json`.
#   bench/scale.sh            # writes bench/scale-results.md
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus/text}
WORK=target/bench-scale
OUT=bench/scale-results.md
RUNS=${RUNS:-3}
cargo build --release --quiet --bin gwlint
GW=$PWD/target/release/gwlint

# Drafts of about 2 KB: consecutive lines of corpus documents, each under a 通知 title.
python3 - "$CORPUS" "$WORK" <<'PY'
import os, sys, pathlib
corpus, work = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
lines = []
for p in sorted(corpus.rglob('*.txt')):
    if not p.name.startswith('index'):
        lines += [l for l in p.read_text(encoding='utf-8', errors='replace').splitlines() if l.strip()]
for n in (1000, 5000):
    d = work / f'drafts{n}'
    if d.exists() and len(list(d.rglob('*.txt'))) == n:
        continue
    d.mkdir(parents=True, exist_ok=True)
    i = 0
    for k in range(n):
        unit = d / f'单位{k % 20:02d}'
        unit.mkdir(exist_ok=True)
        body, size = [], 0
        while size < 2000:
            l = lines[i % len(lines)]; i += 1
            body.append(l); size += len(l.encode())
        (unit / f'{k:05d}.txt').write_text(f'关于做好第{k}项工作的通知\n' + '\n'.join(body) + '\n', encoding='utf-8')
PY

# min wall seconds and max peak RSS (KB) over $RUNS runs of a command (output discarded).
measure() {
  local best="" peak=0
  for _ in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %M" -o /tmp/gw-time "$@" > /dev/null 2>/tmp/gw-err || true
    # GNU time puts "Command exited with non-zero status" first when findings set exit 1.
    read -r wall rss < <(tail -n 1 /tmp/gw-time)
    if [ -z "$best" ] || awk "BEGIN{exit !($wall < $best)}"; then best=$wall; fi
    [ "$rss" -gt "$peak" ] && peak=$rss
  done
  echo "$best $peak"
}

{
  echo "# gwlint at archive scale"
  echo
  echo "$(date -u +%F) · $(nproc) cores · best of $RUNS runs · peak RSS is the largest of the runs"
  echo
  echo "| input | files | MB | command | wall s | files/s | MB/s | peak MB |"
  echo "|---|---:|---:|---|---:|---:|---:|---:|"
} > "$OUT"
for input in "$WORK/drafts1000" "$WORK/drafts5000" "$CORPUS"; do
  files=$(find "$input" -name '*.txt' ! -name 'index*' | wc -l)
  bytes=$(find "$input" -name '*.txt' ! -name 'index*' -print0 | xargs -0 cat | wc -c)
  mb=$(awk "BEGIN{printf \"%.1f\", $bytes/1048576}")
  for cmd in "check --format json -j1" "check --format json" "report --format json -q" "report --format md -q" "report --format html -q"; do
    read -r wall rss < <(measure $GW $cmd "$input")
    awk -v i="$(basename "$input")" -v f="$files" -v mb="$mb" -v c="$cmd" -v w="$wall" -v r="$rss" \
      'BEGIN{printf "| %s | %d | %s | `gwlint %s` | %.2f | %.0f | %.1f | %.0f |\n", i, f, mb, c, w, f/w, mb/w, r/1024}' >> "$OUT"
  done
done
cat "$OUT"

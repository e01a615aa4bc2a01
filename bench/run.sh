#!/usr/bin/env bash
# Whole-process benchmark (DESIGN §6), side by side with autocorrect --lint and jieba alone.
#   bench/run.sh              # writes bench/results.md
# Needs hyperfine (Debian package) and npm; installs autocorrect-node under target/bench-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS=${CORPUS:-../shared/corpus/text}
DRAFT=${DRAFT:-$CORPUS/state-council-docs-govcn/sc_023.txt}   # 9.9 KB 国办 通知
TOOLS=target/bench-tools
OUT=bench/results.md

command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
if [ ! -x "$TOOLS/node_modules/.bin/autocorrect" ]; then
  mkdir -p "$TOOLS" && npm install --silent --prefix "$TOOLS" autocorrect-node >/dev/null
fi
AC=$TOOLS/node_modules/.bin/autocorrect
cargo build --release --quiet --bin gwlint --example jieba_segment
GW=target/release/gwlint
JB=target/release/examples/jieba_segment

# The same 10 KB draft with one word that needs jieba's word boundaries (待定).
WORDY=$(mktemp --suffix=.txt)
trap 'rm -f "$WORDY"' EXIT
cat "$DRAFT" > "$WORDY"; echo "具体安排待定。" >> "$WORDY"

mapfile -t FILES < <(find "$CORPUS" -name '*.txt' ! -name 'index*' | sort)
BYTES=$(cat "${FILES[@]}" | wc -c)

{
  echo "# gwlint benchmark"
  echo
  echo "$(date -u +%F) · $(nproc) cores · gwlint $($GW --version | cut -d' ' -f2) · autocorrect $($AC --version | awk '{print $2}')"
  echo
  echo "## One 10 KB draft ($(wc -c < "$DRAFT") bytes), whole process"
  echo
} > "$OUT"
hyperfine -N --warmup 5 --runs 40 --export-markdown /tmp/gw-draft.md \
  -n "gwlint check (built-in packs)" "$GW check --format json $DRAFT" \
  -n "gwlint check, draft needing jieba" "$GW check --format json $WORDY" \
  -n "autocorrect --lint" "$AC --lint $DRAFT" \
  -n "jieba load + segment" "$JB $DRAFT" -i >/dev/null
cat /tmp/gw-draft.md >> "$OUT"
{
  echo
  echo "### Start-up alone: every built-in pack loaded, no document"
  echo
} >> "$OUT"
hyperfine -N --warmup 5 --runs 40 --export-markdown /tmp/gw-rules.md \
  -n "gwlint rules list" "$GW rules list" >/dev/null
cat /tmp/gw-rules.md >> "$OUT"
{
  echo
  echo "## Corpus: ${#FILES[@]} files, $BYTES bytes"
  echo
} >> "$OUT"
hyperfine -N --warmup 2 --runs 10 --export-markdown /tmp/gw-corpus.md \
  -n "gwlint check -j$(nproc)" "$GW check --format json ${FILES[*]}" \
  -n "gwlint check -j1" "$GW check --format json -j1 ${FILES[*]}" \
  -n "autocorrect --lint" "$AC --lint ${FILES[*]}" \
  -n "jieba load + segment (1 thread)" "$JB ${FILES[*]}" -i >/dev/null
cat /tmp/gw-corpus.md >> "$OUT"
# The machine here is shared and its speed drifts: timing the commands in alternation makes a
# slow spell hit all of them, so the per-round ratio is the steadier figure.
{
  echo
  echo "### The same, interleaved: 30 rounds, medians and the median per-round ratio"
  echo
} >> "$OUT"
python3 bench/interleaved.py 30 \
  "gwlint check -j$(nproc)=$GW check --format json ${FILES[*]}" \
  "autocorrect --lint=$AC --lint ${FILES[*]}" \
  "jieba load + segment (1 thread)=$JB ${FILES[*]}" \
  "gwlint check -j1=$GW check --format json -j1 ${FILES[*]}" >> "$OUT"

# .docx: the corpus's real and template documents (unzip, styles, layout, every pack).
DOCX_DIR=${DOCX_DIR:-../shared/corpus/docx}
mapfile -t DOCX < <(find "$DOCX_DIR" -name '*.docx' | sort)
if [ ${#DOCX[@]} -gt 0 ]; then
  DOCX_BYTES=$(cat "${DOCX[@]}" | wc -c)
  {
    echo
    echo "## .docx: ${#DOCX[@]} files, $DOCX_BYTES bytes"
    echo
  } >> "$OUT"
  # Repeated 20 times over, so the run is long enough to time and per-file costs show.
  LIST=()
  for _ in $(seq 20); do LIST+=("${DOCX[@]}"); done
  hyperfine -N --warmup 2 --runs 10 --export-markdown /tmp/gw-docx.md \
    -n "gwlint check, ${#DOCX[@]} .docx" "$GW check --format json ${DOCX[*]}" \
    -n "gwlint check, the same ×20 ($(( ${#DOCX[@]} * 20 )) files)" "$GW check --format json ${LIST[*]}" -i >/dev/null
  cat /tmp/gw-docx.md >> "$OUT"
fi
cat "$OUT"

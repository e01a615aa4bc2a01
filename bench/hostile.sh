#!/usr/bin/env bash
# Peak memory of gwlint on hostile .docx files (DESIGN §6: ≤ 300 MB on any single
# pathological file). The files are built by tests/hostile_docx.rs, which runs gwlint under
# GNU time (/usr/bin/time -v), prints each file's peak RSS and fails past the budget.
#   bench/hostile.sh            # release build
#   PROFILE=dev bench/hostile.sh
#   GWLINT_BIN=/path/to/other/gwlint bench/hostile.sh   # measure another build (e.g. before)
set -euo pipefail
cd "$(dirname "$0")/.."
test -x /usr/bin/time || { echo "needs GNU time at /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }
profile=()
[ "${PROFILE:-release}" = release ] && profile=(--release)
cargo test "${profile[@]}" --test hostile_docx -- --ignored --nocapture docx_bombs_stay_within_300_mb

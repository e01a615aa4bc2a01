#!/usr/bin/env bash
# Renders `gwlint report --format html` of the corpus in headless Chromium (Debian package
# chromium; fonts-noto-cjk for the Chinese text) and writes a PNG to look at.
#   bench/report-screenshot.sh [PATH...]     # default: ../shared/corpus/text
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium fonts-noto-cjk)"; exit 1; }
cargo build --release --quiet --bin gwlint
OUTDIR=target/report-screenshot
mkdir -p "$OUTDIR"
target/release/gwlint report --format html -q "${@:-../shared/corpus/text}" > "$OUTDIR/report.html" || true
# As root, Chromium needs --no-sandbox; the network flags keep it from calling home.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --window-size=1280,1600 \
  --screenshot="$PWD/$OUTDIR/report.png" "file://$PWD/$OUTDIR/report.html" 2>/dev/null
echo "$OUTDIR/report.png"

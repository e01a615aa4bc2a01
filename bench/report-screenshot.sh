#!/usr/bin/env bash
# Renders `gwlint report --format html` of the corpus in headless Chromium (Debian package
# chromium; fonts-noto-cjk for the Chinese text) and writes a PNG to look at.
#   bench/report-screenshot.sh [PATH...]     # default: ../shared/corpus/text
# GWLINT_BIN=path uses that gwlint instead of building a release one; HEIGHT sets the page
# height in pixels (default 1600); the window is 1280 wide. docs/report-screenshot.png was
# made with `bench/report-screenshot.sh ../shared/corpus/text` and compressed with
# `pngquant --quality 60-80` (see docs/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v chromium >/dev/null || { echo "needs chromium (apt-get install chromium fonts-noto-cjk)"; exit 1; }
TARGET="${CARGO_TARGET_DIR:-target}"
if [ -z "${GWLINT_BIN:-}" ]; then
  cargo build --release --quiet --bin gwlint
  GWLINT_BIN="$TARGET/release/gwlint"
fi
OUTDIR="$TARGET/report-screenshot"
mkdir -p "$OUTDIR"
OUTDIR="$(cd "$OUTDIR" && pwd)"
"$GWLINT_BIN" report --format html -q "${@:-../shared/corpus/text}" > "$OUTDIR/report.html" || true
# As root, Chromium needs --no-sandbox; the network flags keep it from calling home.
chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$(mktemp -d)" --window-size=1280,"${HEIGHT:-1600}" --hide-scrollbars \
  --screenshot="$OUTDIR/report.png" "file://$OUTDIR/report.html" 2>/dev/null
echo "$OUTDIR/report.png"

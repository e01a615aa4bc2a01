#!/usr/bin/env bash
# Real public .ofd/.pdf/.doc/.wps test documents into DIR (default /tmp/gwlint-realdocs).
# Needs git and network; LibreOffice (optional) turns shared/corpus/docx into PDFs.
set -euo pipefail
out=${1:-/tmp/gwlint-realdocs}
here=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$out"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for repo in ofdrw/ofdrw DLTech21/ofd.js apache/poi; do
  name=${repo//\//+}
  git clone -q --depth 1 --filter=blob:limit=20m "https://github.com/$repo" "$tmp/$name"
  mkdir -p "$out/$name"
  git -C "$tmp/$name" ls-files | grep -iE '\.(ofd|pdf|doc|wps)$' | while read -r f; do
    [ -s "$tmp/$name/$f" ] && cp "$tmp/$name/$f" "$out/$name/${f//\//_}"
  done
done
if command -v soffice >/dev/null && [ -d "$here/../shared/corpus/docx" ]; then
  mkdir -p "$out/corpus-pdf"
  find "$here/../shared/corpus/docx" -name '*.docx' -print0 |
    xargs -0 soffice --headless --convert-to pdf --outdir "$out/corpus-pdf" >/dev/null 2>&1 || true
fi
find "$out" -type f | sed 's/.*\.//' | tr A-Z a-z | sort | uniq -c

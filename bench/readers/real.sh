#!/usr/bin/env bash
# Checks every .ofd/.pdf/.doc/.wps in DIR with the release build and sorts the outcomes:
# read; refused for a reason a user can act on; failures (panic, crash, or a reader error on a
# file that is not one of those cases; fuzzed files, broken on purpose, count as refused). Usage: bench/readers/real.sh DIR
set -euo pipefail
dir=${1:?usage: real.sh DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=$CARGO_TARGET_DIR/release/gwlint
json=$(mktemp)
err=$(mktemp)
trap 'rm -f "$json" "$err"' EXIT
status=0
"$bin" check --format json --fail-on never "$dir" >"$json" 2>"$err" || status=$?
if grep -q panicked "$err" || [ "$status" -gt 2 ]; then
  echo "FAILURE: gwlint exited $status"; cat "$err"; exit 1
fi
python3 - "$json" <<'PY'
import collections, json, re, sys
r = json.load(open(sys.argv[1]))
# Reasons that describe the file, not a reader's shortcoming.
expected = re.compile("已加密|没有文字|Word 6.0/95|实际是|不是 Word/WPS 文字文档|早期 WPS|Works|文件头不对")
read = collections.Counter(f["format"] for f in r["files"])
refused, failed = collections.Counter(), []
for e in r["errors"]:
    ext = e["path"].rsplit(".", 1)[-1].lower()
    if expected.search(e["error"]) or "clusterfuzz" in e["path"] or "Fuzzer" in e["path"]:
        refused[ext] += 1
    else:
        failed.append(e)
chars = sum(f["chars"] for f in r["files"])
print(f"read: {dict(read)} ({sum(read.values())} files, {chars} characters)")
print(f"refused with a reason: {dict(refused)}")
for e in r["errors"]:
    print(f"  {e['path']}: {e['error']}")
print(f"failures: {len(failed)}")
for e in failed:
    print(f"  FAILURE {e['path']}: {e['error']}")
sys.exit(1 if failed else 0)
PY

#!/usr/bin/env bash
# Files/s and MB/s of `gwlint check` on the .pdf and on the .ofd files of DIR (release build,
# best of 3 runs, each one process over the whole list). Usage: bench/readers/throughput.sh DIR
set -euo pipefail
dir=${1:?usage: throughput.sh DIR}
root=$(cd "$(dirname "$0")/../.." && pwd)
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$root/target}
cargo build --release --quiet --manifest-path "$root/Cargo.toml"
bin=$CARGO_TARGET_DIR/release/gwlint
for ext in pdf ofd doc; do
  mapfile -d '' files < <(find "$dir" -type f -iname "*.$ext" -print0 | sort -z)
  [ ${#files[@]} -gt 0 ] || continue
  bytes=$(cat "${files[@]}" | wc -c)
  for jobs in 1 0; do
    jarg=(); [ "$jobs" = 1 ] && jarg=(-j 1)
    best=
    for _ in 1 2 3; do
      s=$(date +%s.%N)
      "$bin" check -q --format json --fail-on never "${jarg[@]}" "${files[@]}" >/dev/null 2>&1 || true
      e=$(date +%s.%N)
      t=$(echo "$e - $s" | bc -l)
      if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    done
    python3 -c "
n, b, t = ${#files[@]}, $bytes, $best
print(f'.$ext  jobs={\"1\" if $jobs == 1 else \"all\"}  {n} files  {b/1e6:.1f} MB  {t:.2f} s  {n/t:.1f} files/s  {b/1e6/t:.2f} MB/s')"
  done
done

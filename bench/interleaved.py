"""Runs two or more commands alternately, N rounds, and reports each one's median wall time and
the median of the per-round ratios to the first command. On a shared, noisy machine this is
steadier than timing each command in its own block: a slow spell hits every command of a round.

    python3 bench/interleaved.py ROUNDS 'name=command' 'name=command' ...
"""

import shlex
import statistics
import subprocess
import sys
import time


def main():
    rounds = int(sys.argv[1])
    cmds = [arg.split("=", 1) for arg in sys.argv[2:]]
    times = {name: [] for name, _ in cmds}
    for name, cmd in cmds:  # warm-up
        subprocess.run(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(rounds):
        for name, cmd in cmds:
            t = time.perf_counter()
            subprocess.run(shlex.split(cmd), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            times[name].append(time.perf_counter() - t)
    first = cmds[0][0]
    print(f"| command | median ms | min ms | median ratio to `{first}` |")
    print("|---|---:|---:|---:|")
    for name, _ in cmds:
        ratios = [a / b for a, b in zip(times[name], times[first])]
        print(
            f"| `{name}` | {statistics.median(times[name]) * 1000:.0f} "
            f"| {min(times[name]) * 1000:.0f} | {statistics.median(ratios):.2f} |"
        )


main()

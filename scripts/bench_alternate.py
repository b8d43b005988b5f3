#!/usr/bin/env python3
"""Times short commands in alternation and writes the result as hyperfine's --export-json does.

    scripts/bench_alternate.py [--warmup N] [--runs N] --export-json FILE -n NAME COMMAND ...

hyperfine runs all the runs of one command, then all of the next. On a shared VM, whose speed
drifts over seconds, that block order decides a ratio of two ~3 ms starts: the same two binaries
measured 0.99x and 1.44x in back-to-back hyperfine runs. Here each round runs every command once,
the order rotated from round to round, so both see the same machine, and the ratio of medians
moves by 1-3 % from one invocation to the next. Each run is spawned directly (COMMAND is split as a shell would, without a
shell) with stdout and stderr on /dev/null; the time is spawn to exit, as hyperfine -N measures.
"""
import argparse
import json
import os
import shlex
import statistics
import sys
import time


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warmup", type=int, default=10, help="untimed rounds first")
    parser.add_argument("--runs", type=int, default=300, help="timed rounds")
    parser.add_argument("--export-json", required=True, metavar="FILE")
    parser.add_argument("-n", "--command", nargs=2, action="append", required=True,
                        metavar=("NAME", "COMMAND"), help="a name and its command line")
    return parser.parse_args()


def run_once(argv, file_actions):
    """Seconds from spawning argv to its exit; a failed run ends the measurement, as in
    hyperfine (a command that fails fast must not look fast)."""
    started = time.perf_counter()
    pid = os.posix_spawnp(argv[0], argv, os.environ, file_actions=file_actions)
    _, status = os.waitpid(pid, 0)
    elapsed = time.perf_counter() - started
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"bench_alternate: {shlex.join(argv)} failed (exit status {code})")
    return elapsed


def summary(name, times):
    return {"command": name, "mean": statistics.mean(times),
            "stddev": statistics.stdev(times) if len(times) > 1 else 0.0,
            "median": statistics.median(times), "min": min(times), "max": max(times),
            "times": times}


def main():
    args = parse_args()
    names = [name for name, _ in args.command]
    commands = [shlex.split(line) for _, line in args.command]
    devnull = os.open(os.devnull, os.O_WRONLY)
    file_actions = [(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)]
    times = [[] for _ in commands]
    for round_number in range(args.warmup + args.runs):
        shift = round_number % len(commands)
        for index in list(range(shift, len(commands))) + list(range(shift)):
            elapsed = run_once(commands[index], file_actions)
            if round_number >= args.warmup:
                times[index].append(elapsed)
    with open(args.export_json, "w") as out:
        json.dump({"results": [summary(n, t) for n, t in zip(names, times)]}, out)
    for name, runs in zip(names, times):
        print(f"{name}: median {statistics.median(runs) * 1e3:.3f} ms over {len(runs)} runs")


if __name__ == "__main__":
    sys.exit(main())

"""Summary of `scripts/bench callcost`: CPU instructions, syscalls and wall time per integration
call, kosmo next to a raw C keep-alive client and curl with 1,000 URLs on one connection, all
against the C epoll server (test/bench/). Reads what the section left in SCRATCH_DIR and adds its
table to summary.jsonl there, like scripts/bench_report.py's sections.
    python3 scripts/bench_callcost.py SCRATCH_DIR
Per call = (figure of 1,000 calls − figure of 1 call) ÷ 999, so start-up, libcurl loading and
the first connection cancel out. The targets are issue #17's: ≤ 110k instructions and ≤ 6
syscalls per call.
"""
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_report import (NOT_MEASURED, Section, display, hyperfine,  # noqa: E402
                          hyperfine_command_line, per_call, per_call_row, verdict)

TARGET_INSTRUCTIONS = 110_000
TARGET_SYSCALLS = 6
CLIENTS = [("kosmo", "kosmo (sinch.get_group, one workflow)"),
           ("raw", "raw C keep-alive client (kosmo_bench_raw_client)"),
           ("curl-conn", "curl, 1,000 URLs on one connection (-K)")]


def instructions(scratch, key):
    path = os.path.join(scratch, f"callcost-{key}.instructions")
    counts = [int(line) for line in open(path) if line.strip()] if os.path.exists(path) else []
    return statistics.median(counts) if counts else None


def syscalls(scratch, key):
    """{syscall: calls} from the runs' `strace -c` tables, the median of each (the number of
    poll calls depends on timing), with the total under "total"; None without strace."""
    tables = []
    run = 1
    while os.path.exists(path := os.path.join(scratch, f"callcost-{key}.strace.{run}")):
        table = {}
        for line in open(path):
            fields = line.split()
            # % time, seconds, usecs/call, calls, [errors,] name
            if len(fields) >= 5 and re.fullmatch(r"[\d.]+", fields[0]):
                table[fields[-1]] = int(fields[3])
        tables.append(table)
        run += 1
    if not tables:
        return None
    names = {name for table in tables for name in table}
    return {name: statistics.median(table.get(name, 0) for table in tables) for name in names}


def main():
    scratch = sys.argv[1]
    s = Section("callcost", "CPU and syscalls per integration call: 1,000 GETs against a C epoll "
                "keep-alive server", "kosmo ÷ this")
    tool = open(os.path.join(scratch, "callcost.tool")).read().strip()
    times = hyperfine(scratch, "callcost")
    figures = {}
    for key, what in CLIENTS:
        if f"{key}-1000" not in times:
            s.missing(what, "curl is not installed (or BENCH_SKIP)")
            continue
        many, one = instructions(scratch, f"{key}-1000"), instructions(scratch, f"{key}-1")
        calls_many, calls_one = syscalls(scratch, f"{key}-1000"), syscalls(scratch, f"{key}-1")
        figures[key] = {
            "instructions": None if many is None or one is None else (many - one) / 999,
            "syscalls": None if not calls_many or not calls_one
            else (calls_many["total"] - calls_one["total"]) / 999,
            "time": per_call(times[f"{key}-1000"], times[f"{key}-1"], 1000),
            "runs": len(times[f"{key}-1000"]["times"]),
            "by_syscall": {name: (count - (calls_one or {}).get(name, 0)) / 999
                           for name, count in (calls_many or {}).items() if name != "total"},
        }
    kosmo = figures["kosmo"]
    for key, what in CLIENTS:
        if key not in figures:
            continue
        f = figures[key]
        versus = lambda mine, theirs: (f"{mine / theirs:.1f}×" if key != "kosmo" and mine and theirs
                                       else "")
        if f["instructions"] is None:
            s.missing(f"{what}: instructions per call", "neither perf nor valgrind is usable")
        else:
            s.row(f"{what}: instructions per call", f"{f['instructions'] / 1000:.1f}k", "", "",
                  versus(kosmo["instructions"], f["instructions"]))
        if f["syscalls"] is None:
            s.missing(f"{what}: syscalls per call", "strace is not installed")
        else:
            s.row(f"{what}: syscalls per call", f"{f['syscalls']:.1f}", "", "",
                  versus(kosmo["syscalls"], f["syscalls"]))
        per_call_row(s, f"{what}: wall time per call", f["time"], f["runs"],
                     versus(kosmo["time"][0], f["time"][0]))
    if kosmo["instructions"] is not None:
        met = kosmo["instructions"] <= TARGET_INSTRUCTIONS
        s.note(f"issue #17 target, ≤ {TARGET_INSTRUCTIONS // 1000}k instructions per call: "
               f"{verdict(met)} ({kosmo['instructions'] / 1000:.1f}k).")
    if kosmo["syscalls"] is not None:
        met = kosmo["syscalls"] <= TARGET_SYSCALLS
        busy = sorted(kosmo["by_syscall"].items(), key=lambda item: -item[1])
        split = ", ".join(f"{name} {count:.1f}" for name, count in busy if count >= 0.05)
        s.note(f"issue #17 target, ≤ {TARGET_SYSCALLS} syscalls per call: {verdict(met)} "
               f"({kosmo['syscalls']:.1f}: {split}).")
    s.note(f"instructions: user-space instructions of the whole client process ({tool}: "
           + ("`perf stat -e instructions:u`" if tool == "perf" else
              "`valgrind --tool=callgrind`, its `Collected` total" if tool == "callgrind" else
              NOT_MEASURED) + "), median of the runs; syscalls: `strace -f -c` counts, median of the runs. Each "
           "per-call figure is (1,000 calls − 1 call) ÷ 999. The server answers every request "
           "with the fake vendor's own get_group body in one write, from one epoll thread, so "
           "it is never what a client waits on.")
    lines = [hyperfine_command_line(scratch, "callcost")]
    # Each command below ran BENCH_COUNT_RUNS times (3; 1 with BENCH_QUICK=1).
    for line in open(os.path.join(scratch, "callcost.commands")):
        key, command = line.rstrip("\n").split("\t", 1)
        if tool == "callgrind":
            lines.append(display(f"valgrind --tool=callgrind --callgrind-out-file=/dev/null "
                                 f"{command}", scratch))
        elif tool == "perf":
            lines.append(display(f"perf stat -e instructions:u {command}", scratch))
        lines.append(display(f"strace -f -c {command}", scratch))
    s.commands(lines)
    s.finish(scratch)


if __name__ == "__main__":
    main()

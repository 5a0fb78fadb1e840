"""How much CPU did processes outside the benchmark use during a run? Linux only, from /proc.

    python bench/cpu.py snapshot FILE BENCH_PID PGPORT   # before a run
    python bench/cpu.py others FILE BENCH_PID PGPORT     # after it: prints the others' share, "37%" of one core

The benchmark's own processes are BENCH_PID and its descendants (gunicorn, nginx, Redis, wrk) plus the
PostgreSQL server listening on PGPORT and its backends. Everything else the machine did in between (the
busy time of /proc/stat less the benchmark's own) is "others": a test suite running at the same time,
say. A process's CPU time counts with that of its children that have ended, so wrk and recycled workers
are not lost.
"""

import json
import os
import sys
import time
from pathlib import Path

TICKS = os.sysconf("SC_CLK_TCK")


def machine_busy():
    """Busy ticks of all CPUs: user, nice, system, irq, softirq (not idle, iowait or steal)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(value) for value in fields[:7])
    return user + nice + system + irq + softirq


def processes():
    """{pid: (ppid, own and reaped children's CPU ticks)} for every process still there."""
    table = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rpartition(")")[2].split()
        # fields[0] is the state; ppid is fields[1]; utime, stime, cutime, cstime are fields[11:15].
        table[int(entry.name)] = (int(fields[1]), sum(int(value) for value in fields[11:15]))
    return table


def postmaster(port):
    """The pid of the PostgreSQL server listening on ``port``, from its data directory's postmaster.pid."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"-D" not in args or not args[0].endswith(b"postgres"):
            continue
        data = Path(args[args.index(b"-D") + 1].decode())
        try:
            lines = (data / "postmaster.pid").read_text().splitlines()
        except OSError:
            continue
        if len(lines) > 3 and lines[3].strip() == str(port) and lines[0].strip() == entry.name:
            return int(entry.name)
    return None


def ours(table, roots):
    children = {}
    for pid, (ppid, _ticks) in table.items():
        children.setdefault(ppid, []).append(pid)
    found, todo = set(), [root for root in roots if root in table]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found.add(pid)
            todo += children.get(pid, [])
    return sum(table[pid][1] for pid in found)


def tree_ticks(root):
    """CPU ticks of process ``root`` and its descendants, living or ended (a gunicorn master and its workers, a
    PostgreSQL server and its backends); None when ``root`` is gone."""
    table = processes()
    return ours(table, [root]) if root in table else None


def ms_per_request(before, after, requests):
    """Milliseconds of CPU per request between two ``tree_ticks``; None when either is unknown or nothing ran."""
    if before is None or after is None or not requests:
        return None
    return (after - before) / TICKS * 1000 / requests


def measure(bench_pid, port):
    roots = [bench_pid]
    if (server := postmaster(port)) is not None:
        roots.append(server)
    return {"time": time.monotonic(), "busy": machine_busy(), "ours": ours(processes(), roots)}


def main(command, path, bench_pid, port):
    now = measure(int(bench_pid), port)
    if command == "snapshot":
        Path(path).write_text(json.dumps(now))
        return
    print(others_share(json.loads(Path(path).read_text()), now))


def others_share(before, now):
    """The CPU other processes used between two measures, in % of one core: "37%"."""
    seconds = now["time"] - before["time"]
    others = (now["busy"] - before["busy"]) - (now["ours"] - before["ours"])
    return f"{max(others, 0) / TICKS / seconds * 100:.0f}%" if seconds > 0 else "?"


if __name__ == "__main__":
    if len(sys.argv) != 5 or sys.argv[1] not in ("snapshot", "others"):
        sys.exit(__doc__)
    main(*sys.argv[1:])

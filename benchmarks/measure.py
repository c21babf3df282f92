"""Run a command and measure it: wall time, CPU time, and memory of its whole process
tree. Our commands start worker processes (the store, extraction, the model,
linking), so the peak RSS of the one process started tells only part of the story:
the tree's total, sampled every second, is what the machine must hold. The
total adds proportional set sizes (PSS), so pages the processes share (a memory-
mapped index, the interpreter) count once, not once per process."""

from __future__ import annotations

import os
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path

SAMPLE_S = 1.0  # reading smaps_rollup of a multi-GB process costs tens of ms


@dataclass(frozen=True)
class Measured:
    wall_s: float
    cpu_s: float  # the process and the children it waited for
    peak_rss_mb: float  # the largest single process (the kernel's own figure)
    peak_tree_rss_mb: float  # the largest PSS sum over the tree at any sample
    status: int


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        parent = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(parent, []).append(int(entry))
    return tree


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss_mb(root: int) -> float:
    """Memory of `root` and all its descendants now (sum of PSS), in MB."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(tree.get(pid, []))
        total += _pss_kb(pid)
    return total / 1024


def run_measured(
    command: list[str], cwd: Path, stdout: int | None = subprocess.DEVNULL
) -> Measured:
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=stdout)
    peak = 0.0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.wait(SAMPLE_S):
            peak = max(peak, tree_rss_mb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    sampler.join()
    return Measured(
        wall_s=time.perf_counter() - started,
        cpu_s=usage.ru_utime + usage.ru_stime,
        peak_rss_mb=usage.ru_maxrss / 1024,
        peak_tree_rss_mb=peak,
        status=os.waitstatus_to_exitcode(status),
    )

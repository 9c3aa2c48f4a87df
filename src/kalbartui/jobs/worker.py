"""The worker process of `kalbartui.jobs`: runs one job at a time under its limits.

    python -m kalbartui.jobs.worker RESULT_FD PARENT_PID IDLE_SECONDS MODULE...

Jobs come pickled on stdin, answers go on RESULT_FD. Before each job the worker lowers its own
soft limits: CPU time (RLIMIT_CPU: the kernel ends the process with SIGXCPU when the job has
used its share) and address space (RLIMIT_AS: an allocation past the ceiling fails, and the
job ends as MemoryError); after the job it raises them again for the next one. It leaves when
its parent is gone (a zombie included), when stdin closes, after a job that ran out of memory,
and after IDLE_SECONDS without a job, so its memory goes back to the system.
"""

from __future__ import annotations

import importlib
import math
import os
import resource
import sys
from multiprocessing.connection import Connection
from typing import Any

from kalbartui.jobs import lifeline


def _vm_bytes() -> int:
    """This process's address space now (0 where /proc cannot say)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def rss_bytes() -> int:
    """This process's resident memory now (its peak where /proc cannot say)."""
    try:
        with open("/proc/self/statm", "rb") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def _limit(cpu_seconds: float, memory_bytes: int) -> None:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    _, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = math.ceil(used + cpu_seconds)
    if cpu_hard != resource.RLIM_INFINITY:
        soft = min(soft, cpu_hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, cpu_hard))
    vm = _vm_bytes()
    if vm and memory_bytes:
        _, as_hard = resource.getrlimit(resource.RLIMIT_AS)
        ceiling = vm + memory_bytes
        if as_hard != resource.RLIM_INFINITY:
            ceiling = min(ceiling, as_hard)
        resource.setrlimit(resource.RLIMIT_AS, (ceiling, as_hard))


def _unlimit() -> None:
    for which in (resource.RLIMIT_CPU, resource.RLIMIT_AS):
        _, hard = resource.getrlimit(which)
        resource.setrlimit(which, (hard, hard))


def _run(job: tuple[Any, ...]) -> tuple[Any, ...]:
    from kalbartui.problems import KalbarError

    fn, args, cpu_seconds, memory_bytes = job
    _limit(cpu_seconds, memory_bytes)
    try:
        return ("ok", fn(*args))
    except MemoryError:
        return ("memory",)
    except KalbarError as exc:
        return ("raised", exc)
    except RecursionError:
        return ("failed", "RecursionError")
    except Exception as exc:  # noqa: BLE001 - said to the parent as the exception's kind only
        return ("failed", type(exc).__name__)
    finally:
        _unlimit()


def main(argv: list[str]) -> int:
    result_fd, parent, idle = int(argv[0]), int(argv[1]), float(argv[2])
    # A job killed by its CPU limit leaves no core file behind.
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if os.getppid() != parent:
        return 0  # the parent was gone before we started
    lifeline.watch(parent)
    for module in argv[3:]:
        importlib.import_module(module)
    jobs = Connection(0, writable=False)
    answers = Connection(result_fd, readable=False)
    answers.send(("ready", os.getpid()))
    while True:
        try:
            if not jobs.poll(idle):
                return 0  # idle: leave, and give the memory back
            job = jobs.recv()
        except (EOFError, OSError):
            return 0
        except Exception as exc:  # noqa: BLE001 - a job whose function cannot be found
            answer: tuple[Any, ...] = ("failed", type(exc).__name__)
        else:
            answer = _run(job)
        try:
            answers.send((*answer, rss_bytes()))
        except (OSError, ValueError):
            return 0
        except Exception as exc:  # noqa: BLE001 - an answer that does not pickle
            answers.send(("failed", type(exc).__name__, rss_bytes()))
        if answer[0] == "memory":
            return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

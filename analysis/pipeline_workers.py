"""A small process pool for `kb analyse` that survives its workers.

concurrent.futures breaks the whole pool when one worker dies and cannot stop a
single task that overruns; here every worker has its own pipe, a task that runs
past the hard limit gets its worker killed, and a dead worker is replaced. The
document it held is reported with a TIMEOUT or ERROR status.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any

from analysis.pipeline_store import DocResult
from kb.models import ExtractionStatus
from kb.settings import Settings

START_TIMEOUT = 600.0  # seconds a worker may take to start (the first model load can train)
POLL = 0.5


@dataclass
class _Worker:
    process: Any
    conn: Connection
    ready: bool = False
    task: tuple[int, str, str, str] | None = None
    since: float = 0.0


def hard_limit(settings: Settings) -> float:
    """Wall-clock seconds after which a document's worker is killed (extraction stops itself earlier)."""
    return settings.doc_timeout * 1.25 + 5.0


class WorkerPool:
    def __init__(self, settings: Settings, classify: bool = True) -> None:
        self.settings = settings
        self.classify = classify
        self.size = settings.workers or os.cpu_count() or 1
        self._ctx = mp.get_context("spawn")  # no inherited database connections or threads
        self._workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc: object) -> None:
        for worker in self._workers:
            self._stop(worker)

    def _spawn(self) -> _Worker:
        from analysis.pipeline import worker_main

        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(
            target=worker_main, args=(child, self.settings, self.classify), daemon=True
        )
        process.start()
        child.close()
        worker = _Worker(process, parent, since=time.monotonic())
        self._workers.append(worker)
        return worker

    def _stop(self, worker: _Worker, kill: bool = False) -> None:
        if not kill:
            try:
                worker.conn.send(None)
            except (OSError, BrokenPipeError):
                kill = True
        worker.process.join(timeout=0 if kill else 5)
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join(timeout=5)
        worker.conn.close()

    def _replace(self, worker: _Worker) -> None:
        self._workers.remove(worker)
        self._stop(worker, kill=True)
        self._spawn()

    def run(self, tasks: Iterable[tuple[int, str, str, str]]) -> Iterator[tuple[int, DocResult]]:
        """Results (document id, DocResult) as they arrive; holds at most one task per worker."""
        pending = iter(tasks)
        exhausted = False
        while len(self._workers) < self.size:
            self._spawn()
        while True:
            for worker in self._workers:
                if worker.ready and worker.task is None and not exhausted:
                    task = next(pending, None)
                    if task is None:
                        exhausted = True
                        break
                    worker.task, worker.since = task, time.monotonic()
                    worker.conn.send(task)
            if exhausted and all(w.task is None for w in self._workers):
                return
            yield from self._collect()

    def _collect(self) -> Iterator[tuple[int, DocResult]]:
        ready = wait([w.conn for w in self._workers], timeout=POLL)
        now = time.monotonic()
        for worker in list(self._workers):
            if worker.conn in ready:
                yield from self._receive(worker)
            elif worker.task and now - worker.since > hard_limit(self.settings):
                doc_id = worker.task[0]
                self._replace(worker)
                yield (
                    doc_id,
                    DocResult.failed(
                        ExtractionStatus.TIMEOUT, f"killed after {hard_limit(self.settings):.0f} s"
                    ),
                )
            elif not worker.ready and now - worker.since > START_TIMEOUT:
                raise RuntimeError("analysis worker did not start")

    def _receive(self, worker: _Worker) -> Iterator[tuple[int, DocResult]]:
        try:
            message = worker.conn.recv()
        except (EOFError, OSError):
            task = worker.task
            code = worker.process.exitcode
            self._replace(worker)
            if task is None:
                raise RuntimeError(f"analysis worker exited while starting (exit code {code})") from None
            detail = f"worker died (exit code {code}; memory limit or crash)"
            yield task[0], DocResult.failed(ExtractionStatus.ERROR, detail)
            return
        if message[0] == "ready":
            worker.ready = True
            return
        _, doc_id, result = message
        worker.task = None
        yield doc_id, result

"""Processes forked from a build's own, to share its memory (the model) instead of copying it:
the render workers, the exports' writer, the record store's writer. And the collector kept
off the model meanwhile.

A process may be forked only from a single thread: a lock another thread holds (the
preview's server runs several) would stay locked in the child for ever. Where forking is not
safe, or the system cannot, the work is done in the process itself.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
from contextlib import contextmanager
from typing import Any, Callable


def cores() -> int:
    """The processor cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def fork_context():
    """The context to fork processes from, or None where that is not safe here and now."""
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return None
    return multiprocessing.get_context("fork")


@contextmanager
def frozen():
    """What the process holds now (the model, once built) is out of the collector's sight
    until the block ends: a phase that makes many objects would otherwise set it walking the
    model's millions again, and a forked process's collector would touch, and so copy, the
    pages they share. What was frozen before the block stays frozen after it."""
    was_frozen = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not was_frozen:
            gc.unfreeze()


def shared_out(tasks: list, work: Callable[[Any], Any], jobs: int, context) -> list:
    """`work(task)` for every task, shared between this process and `jobs - 1` processes forked
    from it, each taking the next task as it is free; the results, in no set order. This
    process works too, rather than waiting for workers: each forked worker ends up with a
    copy of most of the model (reading an object writes its reference count, so its memory
    page is copied), and a worker fewer is a copy fewer. `context`: `fork_context()`'s; with
    none, or one job, every task is done here."""
    if context is None or jobs <= 1:
        return [work(task) for task in tasks]
    following = context.Value("q", 0, lock=True)  # the next task's index, shared by all

    def take_all() -> list:
        done = []
        while True:
            with following.get_lock():
                index = following.value
                following.value = index + 1
            if index >= len(tasks):
                return done
            done.append(work(tasks[index]))

    def worker(sending) -> None:
        try:
            sending.send((True, take_all()))
        except BaseException as err:  # noqa: BLE001 - given to the build's process, which raises it
            try:
                sending.send((False, err))
            except Exception:  # noqa: BLE001 - an error that cannot be pickled: its words
                sending.send((False, RuntimeError(f"{type(err).__name__}: {err}")))

    workers = []
    try:
        for _ in range(max(0, jobs - 1)):
            receiving, sending = context.Pipe(duplex=False)
            process = context.Process(target=worker, args=(sending,), daemon=True)
            process.start()
            sending.close()
            workers.append((process, receiving))
        results = take_all()
        for process, receiving in workers:
            try:
                done, found = receiving.recv()
            except EOFError:
                process.join()
                raise RuntimeError(f"a worker stopped with exit status {process.exitcode}") from None
            if not done:
                raise found
            results += found
            process.join()
        return results
    finally:
        for process, _ in workers:  # stopped short (an error, an interrupt): no worker is left running
            if process.is_alive():
                process.terminate()
                process.join()

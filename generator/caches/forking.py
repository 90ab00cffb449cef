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
import threading
from contextlib import contextmanager


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

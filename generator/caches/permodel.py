"""What a process works out once per site model, kept while that model lives.

Rows, figures and cards that many pages show are made once per model (`views`), not once
per page. Each such memo holds its model weakly: it never keeps one alive, and what was made
from a model is let go with it (the preview builds one model after another in one process).
So no list of memos has to be emptied by hand between builds."""

from __future__ import annotations

import weakref
from typing import Any, Callable


class PerModel:
    """Values made from one model (a `Site`, or its configuration), by key: `of(model)` is the
    map of them, a fresh one for another model."""

    __slots__ = ("_model", "_known")

    def __init__(self) -> None:
        self._model: weakref.ref | None = None
        self._known: dict[Any, Any] = {}

    def of(self, model: object) -> dict[Any, Any]:
        if self._model is None or self._model() is not model:
            self._known = {}
            self._model = weakref.ref(model, self._gone)
        return self._known

    def get(self, model: object, key: Any, make: Callable[[], Any]) -> Any:
        """The value kept for `model` under `key`, made by `make()` the first time."""
        known = self.of(model)
        if key not in known:
            known[key] = make()
        return known[key]

    def _gone(self, reference: weakref.ref) -> None:
        if reference is self._model:  # the model went: what was made from it goes too
            self._model, self._known = None, {}

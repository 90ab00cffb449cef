"""One Markdown converter for all the pages of an engine run.

MkDocs makes a new `markdown.Markdown` for every page: its extensions loaded, its parser and
processors built again, a tenth of an engine run's time. Python-Markdown converts one
document after another with one instance when it is reset between them (`reset`: its stash,
its references and each extension's own state). The engine's process (`engine._RUNNER`) has
MkDocs make its converters with `reused`: the same one, reset, for every page made with the
same extensions. The processors MkDocs adds for each page (its title, its links, its
anchors) replace the last page's, as each is registered under its own name.
"""

from __future__ import annotations

from typing import Any

import markdown

_MADE: dict[str, markdown.Markdown] = {}


def reused(**options: Any) -> markdown.Markdown:
    """A converter with `options` (MkDocs's extensions and their settings), reset."""
    key = repr(sorted(options.items()))
    made = _MADE.get(key)
    if made is None:
        made = _MADE[key] = markdown.Markdown(**options)
    else:
        made.reset()
    return made

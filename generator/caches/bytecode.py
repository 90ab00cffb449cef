"""Jinja's compiled templates kept in a folder, for dudao's own templates and the engine's.

A cache is never a reason for a build to fail: an entry that cannot be read (cut short by a
full disk or a kill, overwritten, from another Python) is removed and the template compiled
again, as if it had never been kept. Jinja's own `FileSystemBytecodeCache` lets a truncated
entry's unpickling error end the build, every build, until the folder is deleted.
"""

from __future__ import annotations

import os
import types

from jinja2 import FileSystemBytecodeCache
from jinja2.bccache import Bucket


class KeptTemplates(FileSystemBytecodeCache):
    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # noqa: BLE001 - whatever the entry holds, it is only a cache
            bucket.reset()
        if bucket.code is not None and not isinstance(bucket.code, types.CodeType):
            bucket.reset()
        if bucket.code is None:  # unreadable, or of other code: set aside, written anew once compiled
            try:
                os.unlink(self._get_cache_filename(bucket))
            except OSError:
                pass

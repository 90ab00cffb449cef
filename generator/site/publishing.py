"""Phase 8, publish: swap a finished build into place, or leave the old site untouched.

The new site is built in a sibling folder of the target (same file system) and
exchanged with the old one in a single step where the system allows it (Linux's
renameat2 with RENAME_EXCHANGE), else by two renames. A build that fails or is
interrupted before then never touches the previous site. The old site is then kept as the
spare (`.site.spare`), from which the next build may start (after a build that made every
page again, a spare made of the new site instead); a spare kept before is removed by a
process of its own, after the build has returned.

Every scratch folder a build makes lives beside the site, on its file system, and carries
its process id: `.site.stage-<pid>-…` (the staged pages and the engine's runs),
`.site.new-<pid>-…`, `.site.exports-<pid>-…` and `.site.old-<pid>-…`. What ends up in the
site is moved there by renames, which cannot cross from one file system to another (the
temporary folder is often a tmpfs). Only the preview's own folder, `dudao-preview-<pid>-…`,
and the pages it renders first, `dudao-stage-<pid>-…`, are in the temporary folder, and
they are copied from there. A run killed outright (`kill -9`, power loss) cannot clean up,
so the next run removes what dead processes left, and puts an old site back if a kill
fell between the two renames.
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

STAGE_PREFIX = "dudao-stage-"
PREVIEW_PREFIX = "dudao-preview-"


def scratch_prefix(name: str) -> str:
    return f"{name}{os.getpid()}-"


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _left_by_dead(folder: Path, prefix: str) -> list[Path]:
    """Entries in `folder` named `<prefix><pid>-…` whose process is gone."""
    pattern = re.compile(re.escape(prefix) + r"(\d+)-")
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        match = pattern.match(entry.name)
        if match and not _alive(int(match.group(1))):
            found.append(entry)
    return sorted(found)


def sweep_beside(target: Path) -> None:
    """Remove what killed builds left next to `target`; restore a site a kill took away."""
    for old in _left_by_dead(target.parent, f".{target.name}.old-"):
        if not target.exists():
            os.rename(old, target)  # killed between moving the old site away and the new one in
        else:
            shutil.rmtree(old, ignore_errors=True)
    for purpose in ("new", "exports", "stage", "gone"):
        for new in _left_by_dead(target.parent, f".{target.name}.{purpose}-"):
            shutil.rmtree(new, ignore_errors=True)


def sweep_temporary() -> None:
    """Remove staging and preview folders that killed runs left in the temporary folder."""
    temporary = Path(tempfile.gettempdir())
    for prefix in (STAGE_PREFIX, PREVIEW_PREFIX):
        for folder in _left_by_dead(temporary, prefix):
            shutil.rmtree(folder, ignore_errors=True)


def folder_beside(target: Path, purpose: str) -> Path:
    """A new empty folder next to `target` (`.site.<purpose>-<pid>-…`), on its file system."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=scratch_prefix(f".{target.name}.{purpose}-"), dir=target.parent))


@contextmanager
def fresh_folder_beside(target: Path, purpose: str = "new"):
    """A new empty folder next to `target`, removed again unless it was swapped in."""
    folder = folder_beside(target, purpose)
    try:
        yield folder
    finally:
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)


def spare_of(target: Path) -> Path:
    """Where the site a build replaced is kept (`.site.spare` beside `site`): the next build
    that reuses most pages starts from it instead of from an empty folder, and keeps the
    pages it holds that are still right (a district's 5,000 pages were a folder and a link
    each to make again, and as many to remove: two seconds of a one-edit build's processor
    time). What it holds never decides what the new site holds: the engine keeps only pages
    that are the very files its cache holds for them, and removes the rest."""
    return target.parent / f".{target.name}.spare"


@contextmanager
def folder_for_site(target: Path, from_spare: bool):
    """A folder next to `target` to build the new site in: with `from_spare`, the spare site
    when there is one, else an empty one. Unless it was swapped in, it is kept as the spare."""
    target.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=scratch_prefix(f".{target.name}.new-"), dir=target.parent))
    if from_spare:
        try:
            os.rename(spare_of(target), folder)  # onto the empty folder, in one step
        except OSError:  # none (or another build took it)
            pass
    try:
        yield folder
    finally:
        if folder.exists():
            keep_as_spare(folder, target)


def keep_as_spare(folder: Path, target: Path) -> None:
    """`folder` becomes the spare; a spare kept before is removed by a process of its own."""
    spare = spare_of(target)
    if spare.exists():
        discard(spare, target)
    try:
        os.rename(folder, spare)
    except OSError:  # another build put a spare there meanwhile
        discard(folder, target)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step; False where the system cannot."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


# Run by a process of its own: it names the folder for itself (so that no sweep removes it
# while it is at work), says so, and then removes it at the lowest priority, so that a build
# started meanwhile is not slowed by it.
_REMOVER = """
import os, shutil, sys
gone = sys.argv[2].replace("<pid>", str(os.getpid()))
os.rename(sys.argv[1], gone)
try:
    print("renamed", flush=True)
    os.close(1)
except OSError:  # the build was killed meanwhile: the folder is still this process's to remove
    pass
if hasattr(os, "nice"):
    os.nice(19)
shutil.rmtree(gone, ignore_errors=True)
"""


def discard(folder: Path, target: Path) -> None:
    """Remove a replaced site without keeping the build waiting (a city's takes seconds): a
    process of its own removes it, once it has renamed it `.site.gone-<its
    pid>-…`; if it is killed half-way, the next build's sweep removes the rest."""
    _remove_aside(folder, target.parent / f".{target.name}.gone-<pid>-{os.urandom(4).hex()}")


def discard_staged(folder: Path, target: Path) -> None:
    """Remove the staged pages the same way, renamed
    `.site.stage-<the remover's pid>-gone-…`, where the next build's sweep finds what a
    killed remover left."""
    _remove_aside(folder, target.parent / f".{target.name}.stage-<pid>-gone-{os.urandom(4).hex()}")


def _detached(script: str, *arguments: str) -> None:
    """Start `script` in a process of its own that outlives the build, and wait only until it
    says it has named its folder (or has failed): from then on the folder is not the build's."""
    try:
        helper = subprocess.Popen([sys.executable, "-I", "-S", "-c", script, *arguments], stdin=subprocess.DEVNULL,
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
        with helper.stdout:
            helper.stdout.readline()
    except OSError:
        pass  # no such process could be started


def _remove_aside(folder: Path, gone: Path) -> None:
    """`gone`: the name the remover gives the folder, `<pid>` standing for its process id.
    Where no such process can be started, the folder is removed here and now."""
    _detached(_REMOVER, str(folder), str(gone))
    if folder.exists():
        shutil.rmtree(folder, ignore_errors=True)


# Run by a process of its own, at the lowest priority, after a build that replaced no site:
# the spare is made of hard links to the new site's files (its folders made anew), in a folder
# named for the process (swept if it is killed), then renamed the spare in one step, unless
# a spare appeared meanwhile. Whatever it holds, even a mix of two sites, is only a start.
# Each folder is made inside the one made before it, never with the folders above it: on a
# busy machine it may still be at work when the folder it works in is removed (a preview
# stopped), and it must not make that folder again.
_SPARE_MAKER = """
import os, shutil, sys
site, spare = sys.argv[1], sys.argv[2]
making = sys.argv[3].replace("<pid>", str(os.getpid()))
os.mkdir(making)
try:
    print("started", flush=True)
    os.close(1)
except OSError:
    pass
if hasattr(os, "nice"):
    os.nice(19)
for folder, dirs, names in os.walk(site):
    into = os.path.join(making, os.path.relpath(folder, site))
    for name in dirs:
        if not os.path.islink(os.path.join(folder, name)):
            try:
                os.mkdir(os.path.join(into, name))
            except FileExistsError:
                pass
            except FileNotFoundError:  # removed meanwhile (a stopped preview's folder): never made again
                sys.exit(0)
    for name in names:
        try:
            os.link(os.path.join(folder, name), os.path.join(into, name), follow_symlinks=False)
        except OSError:
            pass
try:
    os.rename(making, spare)
except OSError:
    shutil.rmtree(making, ignore_errors=True)
"""


def make_spare(target: Path) -> None:
    """A spare for the next build when there is none: made after the build has returned."""
    if spare_of(target).exists():
        return
    # Without such a process there is no spare: the next build starts from an empty folder.
    _detached(_SPARE_MAKER, str(target), str(spare_of(target)), str(target.parent / f".{target.name}.new-<pid>-spare"))


def swap_in(new: Path, target: Path, made_afresh: bool = False) -> None:
    """The new site in place of the old one, which is kept as the spare (`spare_of`). A site
    `made_afresh` (the render cache knew none of its pages: another version of dudao, another
    configuration, whose pages the old site's are not) is the next build's start instead: the
    old site and the spare are removed, and a spare made of the new site's files, each the
    engine cache's own, so that the next build does not remove every page of the old site
    and place every page again."""
    # Files made by mkdtemp are private (0700); a site folder must be readable by a web server.
    os.chmod(new, 0o755)
    if target.is_dir() and not target.is_symlink() and _exchange(new, target):
        old = new  # now the old site; a kill from here on leaves only junk
    else:
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=scratch_prefix(f".{target.name}.old-"), dir=target.parent))
            old.rmdir()
            os.rename(target, old)
        os.rename(new, target)
    if old is not None and old.is_dir() and not old.is_symlink() and not made_afresh:
        keep_as_spare(old, target)
        return
    if old is not None:
        discard(old, target)
    if made_afresh and spare_of(target).exists():
        discard(spare_of(target), target)
    make_spare(target)

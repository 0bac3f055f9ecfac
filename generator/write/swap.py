"""Putting a newly built folder where the old one was, so that neither a reader nor a kill ever finds none.

On Linux the two folders are exchanged in one step (``renameat2`` with
``RENAME_EXCHANGE``): at every moment the name holds either the old folder or
the new one, whole. Where that call is missing (another system, or a file
system without it), the old folder is first renamed to ``<name>.old`` and the
new one renamed in; a kill between the two leaves ``<name>.old`` alone, and
``recover`` puts it back before the next build does anything else.

Builds work in scratch folders (``build/scratch-*``); ``running_build`` says
when no other build is running, so that those left by killed builds can be
removed and those of a build still running never are.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from generator.diagnostics import DecideError

OLD_SUFFIX = ".old"
SCRATCH_PREFIX = "scratch-"
LOCK_FILE = ".decide.lock"

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_EXCHANGE_UNSUPPORTED = {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}


def _renameat2() -> Callable[..., int] | None:
    """libc's ``renameat2`` (glibc 2.28 and later), or None where there is no such call."""
    try:
        call = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except OSError:
        return None
    if call is not None:
        call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
        call.restype = ctypes.c_int
    return call


_RENAMEAT2 = _renameat2()


def exchange(first: Path, second: Path) -> bool:
    """Swaps two existing folders' names in one step; False where the system or file system cannot."""
    if _RENAMEAT2 is None:
        return False
    if _RENAMEAT2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE) == 0:
        return True
    failure = ctypes.get_errno()
    if failure in _EXCHANGE_UNSUPPORTED:
        return False
    raise OSError(failure, os.strerror(failure), str(first), None, str(second))


def swap_in(new: Path, target: Path) -> None:
    """Makes ``target`` the folder ``new`` was; the old one, if any, ends up at ``new`` (or is removed)."""
    if not os.path.lexists(target):
        new.rename(target)
    elif not exchange(new, target):
        _swap_by_two_renames(new, target)


def _swap_by_two_renames(new: Path, target: Path) -> None:
    """The fallback: a kill between the renames leaves ``<target>.old`` alone, which ``recover`` renames back."""
    old = target.with_name(target.name + OLD_SUFFIX)
    target.rename(old)
    try:
        new.rename(target)
    except OSError:
        old.rename(target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def recover(target: Path) -> None:
    """Undoes what a killed fallback swap left: ``<target>.old`` back in place if ``target`` is gone, else removed."""
    old = target.with_name(target.name + OLD_SUFFIX)
    if not old.is_dir() or old.is_symlink():
        return
    if os.path.lexists(target):
        shutil.rmtree(old, ignore_errors=True)
    else:
        old.rename(target)


@contextlib.contextmanager
def running_build(build: Path, tidy: Callable[[], None]) -> Iterator[None]:
    """Marks a build as running for the block; first runs ``tidy`` if no other build is running.

    Every build holds a shared lock on ``build/.decide.lock`` while it runs. A
    build that can take it exclusively knows it is alone, so whatever scratch
    or ``.old`` folder it finds was left by a killed build: only then is
    ``tidy`` run, so a running build's scratch folder is never removed.
    """
    with (build / LOCK_FILE).open("ab") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fcntl.flock(lock, fcntl.LOCK_SH)
        else:
            tidy()
            fcntl.flock(lock, fcntl.LOCK_SH)
        yield


@contextlib.contextmanager
def scratch_folder(parent: Path, prefix: str = SCRATCH_PREFIX) -> Iterator[Path]:
    """A new folder in ``parent`` for the block, then removed (or, if the build is killed, by the next one)."""
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def remove_scratch(parent: Path, prefix: str = SCRATCH_PREFIX) -> None:
    """Removes the scratch folders in ``parent``; only called when no build is running."""
    if parent.is_dir():
        for folder in parent.glob(f"{prefix}*"):
            if folder.is_dir() and not folder.is_symlink():
                shutil.rmtree(folder, ignore_errors=True)


def home_of(folder: Path) -> Path:
    """Where ``folder`` really is: through a symbolic link, its target, so the link keeps pointing there."""
    return Path(os.path.realpath(folder))


def publish(built: Path, destination: Path) -> None:
    """Swaps ``built`` in at ``destination``'s real place; from another file system, copied beside it first."""
    home = home_of(destination)
    if os.stat(built).st_dev == os.stat(home.parent).st_dev:
        swap_in(built, home)
        return
    with scratch_folder(home.parent, staging_prefix(home)) as staging:
        shutil.copytree(built, staging / home.name, symlinks=True)
        swap_in(staging / home.name, home)


def staging_prefix(home: Path) -> str:
    """The scratch folders beside a folder on another file system: hidden, and named after it."""
    return f".{home.name}-{SCRATCH_PREFIX}"


def must_not_be_a_file(path: Path, shown: str, role: str) -> None:
    """Refuses a file (or anything but a folder) where decide keeps a folder, before anything is changed."""
    if os.path.lexists(path) and not path.is_dir():
        kind = "a broken link" if path.is_symlink() else "a file, not a folder"
        raise DecideError(f"`{shown}` is {kind}: decide keeps {role} there. Move or rename it, then build again.")


def failed_to(action: str, error: OSError) -> DecideError:
    """An error of the file system during the swap, in one line naming the path."""
    where = f" ({error.filename})" if error.filename else ""
    return DecideError(f"Could not {action}: {error.strerror or error}{where}.")

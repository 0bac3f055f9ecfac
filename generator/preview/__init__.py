"""``decide serve``: the site as it will be published, rebuilt and reloaded in the browser on every save.

Runs the same steps as ``decide build`` (load, check, render, write, engine)
into ``build/preview/``; see ``regeneration`` for what is redone on a save,
``server`` for how the browser learns of it, ``watcher`` for how we do.
"""

from __future__ import annotations

import signal
from collections.abc import Callable

from generator.preview.regeneration import Preview, Regeneration
from generator.preview.server import LiveState, start_server
from generator.preview.watcher import watch
from generator.project import Project

SHOWN_CHANGES = 3


def serve(project: Project, engine: str, host: str, port: int, say: Callable[[str], None]) -> None:
    """Serves until interrupted (Ctrl+C); content errors are reported, never fatal.

    Ctrl+C stops it even when it was started from a script in the background, which starts programs with
    Ctrl+C ignored (and Python then leaves it so).
    """
    signal.signal(signal.SIGINT, signal.default_int_handler)
    preview = Preview(project, engine)
    state = LiveState()
    server = start_server(preview.site, state, host, port)
    saves, observer = watch(project)
    say(f"Previewing the site at {server.url} (press Ctrl+C to stop).")
    last = Regeneration()
    try:
        while True:
            state.begin()
            outcome = preview.regenerate()
            state.end(outcome.errors, outcome.rebuilt)
            say(_described(outcome, last))
            last = outcome
            while not saves.wait(timeout=1.0):
                pass
    except KeyboardInterrupt:
        say("Stopped the preview.")
    finally:
        observer.stop()
        server.shutdown()
        server.server_close()


def _described(outcome: Regeneration, last: Regeneration) -> str:
    """One line for a good save; the full report while something is wrong, and again when it changes."""
    if outcome.errors:
        return f"{outcome.errors}\nThe preview shows these errors until they are fixed; the server keeps running."
    lines = ["The errors are fixed."] if last.errors else []
    if outcome.warnings and outcome.warnings != last.warnings:
        lines.append(outcome.warnings)
    if not outcome.rebuilt:
        lines.append("Saved; no page changed.")
    elif not outcome.changed:
        lines.append(f"Rebuilt the preview in {outcome.seconds:.1f} s.")
    else:
        shown = ", ".join(outcome.changed[:SHOWN_CHANGES]) + (f" and {len(outcome.changed) - SHOWN_CHANGES} more" if len(outcome.changed) > SHOWN_CHANGES else "")
        lines.append(f"Rebuilt the preview in {outcome.seconds:.1f} s ({shown} changed).")
    return "\n".join(lines)

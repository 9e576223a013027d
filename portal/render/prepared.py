"""Document bodies converted while the portal loads, on the core that the load leaves idle.

Loading (reading, parsing and validating every record) runs in one process: 3 s of a build at
20,000 documents, with the machine's second core idle. A forked helper meanwhile reads the same
records and converts their Markdown bodies; when the load ends it stops and hands over the HTML,
which ``untrusted_markdown`` then finds instead of converting it again in the render workers.

The HTML is keyed by the body's text, as validation leaves it (stripped), so a record the helper
read differently (edited meanwhile, or not a valid record) is only a miss. Bodies the last build
kept (``remembered``) are skipped. Nothing is written: deleting or breaking this changes no output.
"""

from __future__ import annotations

import multiprocessing
import os
import re
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing import util
from multiprocessing.connection import Connection
from multiprocessing.synchronize import Event
from pathlib import Path

import yaml

from portal.load.legaldb import LEGAL_DB_DIR
from portal.load.records import record_paths
from portal.load.sources import decoded
from portal.render.markdown import CACHE_DIR, remembered_bodies, untrusted_markdown

HANDOVER_SECONDS = 10
"""The longest a build waits for the helper's HTML after asking for it; none is taken after."""


def worth_converting(jobs: int, only: str | None, standalone: str | None) -> bool:
    """Whether a helper can help a build: not in one process, which is what one core gets, nor for
    one site, whose few bodies it would convert along with every other site's."""
    return jobs > 1 and not only and not standalone


@contextmanager
def converting_ahead(root: Path, useful: bool = True) -> Iterator[Callable[[], dict[str, str]]]:
    """Convert the bodies of ``root``'s documents in a helper while the block runs.

    The block calls the function it is given, once, to stop the helper and have the HTML of the
    bodies converted so far. The table is empty when the helper would not be ``useful``
    (``worth_converting``) or could not run beside the load (no ``fork``).
    """
    if not useful or "fork" not in multiprocessing.get_all_start_methods():
        yield dict
        return
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    receiver, sender = context.Pipe(duplex=False)
    # Processes forked while it runs (the search index) close their copy of the reading end: held
    # open, it would keep a helper sending to a build killed meanwhile waiting as long as they run.
    util.register_after_fork(receiver, Connection.close)
    helper = context.Process(target=_helper, args=(root, stop, receiver, sender, os.getpid()), daemon=True)
    helper.start()
    sender.close()

    def collect() -> dict[str, str]:
        stop.set()
        try:
            return receiver.recv() if receiver.poll(HANDOVER_SECONDS) else {}
        except (EOFError, OSError):  # the helper died: every body is converted by the render
            return {}
        finally:
            _end(helper)

    try:
        yield collect
    finally:
        # Not asked for (nothing to build, or the input had problems) or already handed over:
        # the helper writes nothing, so it is stopped where it stands.
        _end(helper)
        receiver.close()


def _end(helper: multiprocessing.process.BaseProcess) -> None:
    helper.terminate()
    helper.join()


def _helper(root: Path, stop: Event, receiver: Connection, sender: Connection, parent: int) -> None:
    """The forked side: convert until done or told to stop, then send what was converted.

    It stops on its own when the build is gone (killed without its clean-up): then nobody reads
    the pipe, and its own copy of the reading end is closed so that sending fails instead of
    waiting for ever. Ctrl-C is the build's to handle: it stops the helper, which has nothing to
    report.
    """
    try:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        receiver.close()
        converted = _convert(root, lambda: stop.is_set() or os.getppid() != parent)
        sender.send(converted)
    except (OSError, KeyboardInterrupt):  # the build is gone, or was interrupted before the line above
        pass
    finally:
        sender.close()


def _convert(root: Path, stopped: Callable[[], bool]) -> dict[str, str]:
    """The HTML of each document body below ``root`` that no build kept, until ``stopped()``."""
    known = remembered_bodies(root / CACHE_DIR)
    converted: dict[str, str] = {}
    for path in record_paths(root / LEGAL_DB_DIR):
        if stopped():
            break
        body = _body(path)
        if body and body not in known and body not in converted:
            try:
                converted[body] = untrusted_markdown(body)
            except Exception:  # noqa: BLE001 - left to the render, which converts it again and fails as a build does
                continue
    return converted


def _body(path: Path) -> str | None:
    """A record's body as validation leaves it (read as the load reads text, stripped), or None
    when there is none to convert."""
    try:
        text = decoded(path.read_bytes())
    except (OSError, UnicodeDecodeError):
        return None
    literal = _literal_body(text)
    return literal if literal is not None else _parsed_body(text)


_LITERAL_BODY = re.compile(r"^body: *\|[-+]? *\n", re.MULTILINE)


def _literal_body(text: str) -> str | None:
    """The top-level ``body: |`` as YAML reads a literal block (its lines less their indentation,
    which the first line sets), stripped; None when the body is written in another way.

    Bodies are written this way (``build.py new document`` writes them so), and this reading
    takes a sixth of the parser's time. Where it reads a body otherwise than the load (an
    indentation indicator ``|2``, a comment after ``|``, Unicode line breaks in the text), the
    HTML is only a miss: it is keyed by the text it was converted from.
    """
    match = _LITERAL_BODY.search(text)
    if match is None:
        return None
    lines, indent = [], 0
    for line in text[match.end() :].split("\n"):
        content = line.lstrip(" ")
        if content:
            width = len(line) - len(content)
            if not indent:
                indent = width
            if width < indent or not indent:
                break
        lines.append(line[indent:])
    return "\n".join(lines).strip()


def _parsed_body(text: str) -> str | None:
    """The value of the top-level key ``body``, from the parser's events, without building the
    record (half the time of loading it)."""
    try:
        depth, key = 0, None
        for event in yaml.parse(text, Loader=_LOADER):
            kind = type(event)
            if kind is yaml.ScalarEvent and depth == 1:
                if key is None:
                    key = event.value
                elif key == "body":
                    return event.value.strip()
                else:
                    key = None
            elif kind in _OPENING:
                depth += 1
            elif kind in _CLOSING:
                depth -= 1
                key = None if depth == 1 else key
            elif kind is yaml.AliasEvent and depth == 1:
                key = None
    except yaml.YAMLError:
        return None
    return None


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_OPENING = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_CLOSING = (yaml.MappingEndEvent, yaml.SequenceEndEvent)

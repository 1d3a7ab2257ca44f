"""Safe output: a file reaches its final name only once it is completely written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook


class OutputError(Exception):
    """The output cannot be written; the message says why in the user's terms."""


def check_output_path(output: Path, *inputs: Path, suffix: str = ".xlsx") -> None:
    """Refuse to overwrite an input, and fail early on a folder that cannot be written."""
    for source in inputs:
        if output.resolve() == source.resolve():
            raise OutputError(f"the output {output} is the input file; choose another name")
    if output.is_dir():
        raise OutputError(f"the output {output} is a folder; give a file name inside it")
    folder = output.resolve().parent
    if not folder.is_dir():
        raise OutputError(f"the folder {folder} does not exist")
    if not os.access(folder, os.W_OK):
        raise OutputError(f"the folder {folder} is not writable")
    if output.suffix.lower() != suffix:
        raise OutputError(f"the output {output} must end in {suffix}")


def save_workbook(workbook: Workbook, output: Path) -> None:
    """Write to a temporary file beside the target, then rename it over the target.

    An existing file is replaced only when the new one is complete, so a crash or a full disk
    never leaves a half-written roster where the old one was.
    """
    check_output_path(output)
    _replace(output, workbook.save)


def save_text(text: str, output: Path) -> None:
    """A ``.txt`` file, replaced as safely as a workbook."""
    check_output_path(output, suffix=".txt")
    _replace(output, lambda temporary: Path(temporary).write_text(text, encoding="utf-8"))


def _replace(output: Path, write: Callable[[str], object]) -> None:
    handle, temporary = tempfile.mkstemp(
        prefix=f".{output.stem}-", suffix=output.suffix, dir=output.resolve().parent
    )
    os.close(handle)
    try:
        # mkstemp makes the file private; a roster on a shared drive must stay readable.
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        write(temporary)
        os.replace(temporary, output)
    except PermissionError as error:
        raise OutputError(
            f"cannot write {output}: permission denied (is it open in another program?)"
        ) from error
    except OSError as error:
        raise OutputError(f"cannot write {output}: {error.strerror or error}") from error
    finally:
        if os.path.exists(temporary):
            os.remove(temporary)

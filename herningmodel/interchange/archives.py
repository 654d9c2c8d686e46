"""Unpacking a zip of import files (``import all``) without trusting what it says about itself.

Before a byte is unpacked, the member count and every member's declared size are checked
against the import's size limit; then each member is streamed to disk in chunks and stopped
the moment it passes the limit (a member that lies about its size is caught there, not after
it has filled the disk or the memory). Members are written by their file name only, so no
path leads out of the folder, and two members with the same name in different folders of the
zip are refused, naming both, rather than one silently replacing the other.
"""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils.translation import gettext as _

from herningmodel.interchange.csvfiles import DEFAULT_MAX_BYTES
from herningmodel.interchange.tables import RowError

MAX_MEMBERS = 200
CHUNK = 1024 * 1024


def _limit() -> int:
    limit: int = getattr(settings, "HERNINGMODEL_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)
    return limit


def check(archive: zipfile.ZipFile, name: str) -> list[RowError]:
    """What is wrong with the zip as a set of import files, from its directory alone."""
    members = [m for m in archive.infolist() if not m.is_dir()]
    limit = _limit()
    if len(members) > MAX_MEMBERS:
        return [
            RowError(
                name,
                0,
                "",
                "",
                _("The zip holds %(count)s files; at most %(limit)s are read.")
                % {"count": len(members), "limit": MAX_MEMBERS},
            )
        ]
    errors = []
    by_name: dict[str, list[str]] = {}
    for member in members:
        by_name.setdefault(PurePosixPath(member.filename).name, []).append(member.filename)
        if member.file_size > limit:
            errors.append(
                RowError(
                    member.filename,
                    0,
                    "",
                    "",
                    _("The file unpacks to %(size)s MB; the limit is %(limit)s MB.")
                    % {"size": _mb(member.file_size), "limit": _mb(limit)},
                )
            )
    for paths in by_name.values():
        if len(paths) > 1:
            errors.append(
                RowError(
                    ", ".join(paths),
                    0,
                    "",
                    "",
                    _("Files with the same name in different folders of the zip; give one."),
                )
            )
    return errors


def _mb(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def unpack(archive: zipfile.ZipFile, folder: Path, name: str) -> list[RowError]:
    """Stream every member into ``folder`` by its file name, or say why not (nothing kept)."""
    errors = check(archive, name)
    if errors:
        return errors
    limit = _limit()
    for member in archive.infolist():
        if member.is_dir():
            continue
        target = folder / PurePosixPath(member.filename).name
        written = 0
        with archive.open(member) as source, target.open("wb") as out:
            while chunk := source.read(CHUNK):
                written += len(chunk)
                if written > limit:
                    return [
                        RowError(
                            member.filename,
                            0,
                            "",
                            "",
                            _("The file unpacks to more than %(limit)s MB.")
                            % {"limit": _mb(limit)},
                        )
                    ]
                out.write(chunk)
    return []

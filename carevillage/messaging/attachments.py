"""Attachment files: what may be attached, where the files live, and the name a file
gets. The type is detected from the file's first bytes, never taken from its name, and
the name it is stored and downloaded under ends in that type's extension (issue #12.7):
a PNG called `labresults.html` downloads as `labresults.png`, and no control or
bidirectional character (`invoice\\u202egnp.exe` becomes `invoicegnp.png`) survives.
"""

from __future__ import annotations

import os
import secrets
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Attachment, Message

ALLOWED_TYPES = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}
MAX_FILES_PER_MESSAGE = 5
MAX_NAME_CHARS = 200
# Characters no file system or download dialog should see in a name.
_RESERVED = set('\\/:*?"<>|')


def attachment_dir() -> Path:
    """Outside the web root and outside MEDIA_ROOT: nothing serves this directory."""
    return Path(getattr(settings, "MESSAGING_ATTACHMENT_DIR", settings.VAR_DIR / "attachments"))


def max_attachment_bytes() -> int:
    return int(getattr(settings, "MESSAGING_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024))


def _printable(name: str) -> str:
    """The name without its folders, control, format (bidirectional overrides,
    zero-width), private-use or reserved characters."""
    name = unicodedata.normalize("NFC", os.path.basename((name or "").replace("\\", "/")))
    return "".join(
        ch
        for ch in name
        if unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn")
        and ch not in _RESERVED
    )[:MAX_NAME_CHARS]


def safe_name(name: str, content_type: str) -> str:
    """The name shown and downloaded: the uploader's name, printable, with its
    extension replaced by the detected type's."""
    kept = _printable(name)
    stem = kept.rsplit(".", 1)[0] if "." in kept else kept
    stem = stem.strip(" .") or "attachment"
    extension = ALLOWED_TYPES.get(content_type, "bin")
    return f"{stem[: MAX_NAME_CHARS - len(extension) - 1]}.{extension}"


def clean_attachment(upload: UploadedFile) -> str:
    """The content type detected from the file's first bytes, or a specific error."""
    name = _printable(upload.name or "")
    limit = max_attachment_bytes()
    if upload.size is None or upload.size > limit:
        raise ValidationError(
            _("The file %(name)s is too large. The limit is %(limit)d MB.")
            % {"name": name, "limit": max(1, limit // (1024 * 1024))},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(2048)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in ALLOWED_TYPES:
        # The name is not trusted: a program renamed to .pdf is refused here.
        raise ValidationError(
            _("The file %(name)s is not a PDF, JPEG or PNG file. Only those can be attached.")
            % {"name": name},
            code="wrong_type",
        )
    return str(kind.mime)


def clean_attachments(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    if len(files) > MAX_FILES_PER_MESSAGE:
        raise ValidationError(
            ngettext(
                "You can attach at most %(max)d file to one message.",
                "You can attach at most %(max)d files to one message.",
                MAX_FILES_PER_MESSAGE,
            )
            % {"max": MAX_FILES_PER_MESSAGE},
            code="too_many",
        )
    return [(upload, clean_attachment(upload)) for upload in files]


def store(upload: UploadedFile, content_type: str, message: Message, written: list[Path]) -> None:
    """Write the file under a random name and its row; `written` collects the paths so
    the caller can remove them if the transaction fails."""
    directory = attachment_dir()
    directory.mkdir(parents=True, exist_ok=True)
    stored_name = f"{secrets.token_hex(16)}.{ALLOWED_TYPES[content_type]}"
    path = directory / stored_name
    with open(path, "xb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    written.append(path)
    Attachment.objects.create(
        message=message,
        stored_name=stored_name,
        original_name=safe_name(upload.name or "", content_type),
        content_type=content_type,
        size=upload.size or 0,
    )


def file_of(attachment: Attachment) -> Path | None:
    """The stored file of an attachment the caller was allowed to see, if it is there."""
    path = attachment_dir() / Path(attachment.stored_name).name
    return path if path.exists() else None

"""Uploads streamed, and refused at the size limit while they arrive (issue 13).

Django reads an upload in chunks through its upload handlers (settings.FILE_UPLOAD_HANDLERS).
This handler, first in the chain, counts each file's bytes as they stream in and passes on none
past the limit (INT-8: 20MB), so a larger file is never held whole, in memory or on disk; the
rest of the request is read from the connection and dropped. The view then tells the person
(`refused`). Files over FILE_UPLOAD_MAX_MEMORY_SIZE are written to a temporary file by the next
handler, not held in memory.
"""

from __future__ import annotations

from typing import Any

from django.core.files.uploadhandler import FileUploadHandler
from django.http import HttpRequest

from frontdoor.core import validation


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, field_name: str, *args: Any, **kwargs: Any) -> None:
        super().new_file(field_name, *args, **kwargs)
        self.received = 0
        self.passed_on = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        limit = validation.MAX_UPLOAD_BYTES
        if self.received > limit:
            refused: set[str] = getattr(self.request, "refused_uploads", set())
            refused.add(self.field_name)
            self.request.refused_uploads = refused  # type: ignore[union-attr]
            return None  # the rest of this file goes nowhere
        self.passed_on += len(raw_data)
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) makes the file


def refused(request: HttpRequest, field_name: str) -> bool:
    """Whether the file sent in `field_name` was over the size limit (and so not kept)."""
    return field_name in getattr(request, "refused_uploads", set())

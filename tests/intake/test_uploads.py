"""Issue 13: a public upload is streamed (to a temporary file past 2.5MB) and refused at the 20MB
limit while it arrives, with the form's message; it was read whole into memory before the check."""

from __future__ import annotations

import io
import tracemalloc

import pytest
from django.core.files.uploadedfile import TemporaryUploadedFile
from django.core.files.uploadhandler import TemporaryFileUploadHandler
from django.test import Client, RequestFactory

from frontdoor.core import validation
from frontdoor.intake.models import Attachment
from frontdoor.intake.uploads import SizeLimitUploadHandler, refused
from tests.intake.answers import step_url
from tests.intake.test_standard_form import errors_of

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


def big_pdf(size: int) -> io.BytesIO:
    data = io.BytesIO(b"%PDF-1.4\n" + b"0" * (size - 9))
    data.name = "scan.pdf"
    return data


def test_issue13_int8_a_21mb_upload_is_refused_as_it_arrives_without_holding_it(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    passed_on: list[int] = []
    original = SizeLimitUploadHandler.file_complete

    def record(self: SizeLimitUploadHandler, file_size: int) -> None:
        passed_on.append(self.passed_on)
        return original(self, file_size)

    monkeypatch.setattr(SizeLimitUploadHandler, "file_complete", record)
    written: list[int] = []
    receive = TemporaryFileUploadHandler.receive_data_chunk

    def count(self: TemporaryFileUploadHandler, raw_data: bytes, start: int) -> bytes | None:
        written.append(len(raw_data))
        return receive(self, raw_data, start)

    monkeypatch.setattr(TemporaryFileUploadHandler, "receive_data_chunk", count)
    client.get(step_url("public", "danger"))
    response = client.post(step_url("public", "documents"), {"document": big_pdf(21 * MB)})
    assert response.status_code == 400
    assert "The selected file must be smaller than 20MB" in errors_of(response)
    assert Attachment.objects.count() == 0
    # The handler stopped passing the file on at the limit: 1MB of it went nowhere.
    assert passed_on and passed_on[0] <= validation.MAX_UPLOAD_BYTES
    assert sum(written) <= validation.MAX_UPLOAD_BYTES  # what reached the temporary file
    # A file under the limit is still taken.
    response = client.post(step_url("public", "documents"), {"document": big_pdf(3 * MB)})
    assert response.status_code == 302 and Attachment.objects.get().size == 3 * MB


def test_issue13_reading_a_21mb_upload_uses_little_memory() -> None:
    """The request's body is made first; then what parsing it allocates is measured."""
    request = RequestFactory().post("/start/documents/", {"document": big_pdf(21 * MB)})
    tracemalloc.start()
    try:
        files = request.FILES
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"Parsing a 21MB upload: peak {peak / MB:.1f} MB allocated")
    assert refused(request, "document")
    upload = files["document"]
    assert isinstance(upload, TemporaryUploadedFile)  # on disk, not in memory
    assert peak < 5 * MB

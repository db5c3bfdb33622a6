"""Reading a submitted form as it streams in: each file kept only up to its limit, so that an
oversize upload is refused with a clear message without the whole body held in memory."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import ClientDisconnect, Request

from .tidy import printable

MEGABYTE = 1024 * 1024
FIELD_LIMIT = 64 * 1024  # any one text field
MAX_PARTS = 40
MAX_SHOWN_NAME = 60  # a file's name in a message: longer ones keep their start and end


class FormTooLarge(Exception):
    """The whole body is larger than any form of the studio could be."""


class BadForm(Exception):
    """The body is not a form the studio's pages send."""


@dataclass
class Upload:
    """A file field: its bytes, or the fact that it was larger than its limit, and the name
    of the file the person chose, as their browser sent it."""

    data: bytes = b""
    too_large: bool = False
    filename: str = ""

    @property
    def given(self) -> bool:
        return bool(self.data) or self.too_large

    @property
    def empty(self) -> bool:
        """A file was chosen, and it holds nothing (a browser sends no name when none was)."""
        return bool(self.filename) and not self.given

    @property
    def name(self) -> str:
        """The chosen file's own name, to say in a message: its last part only (an old browser
        sends a whole path), without anything that does not print, and never too long."""
        name = printable(re.split(r"[/\\]", self.filename)[-1])
        if len(name) > MAX_SHOWN_NAME:
            keep = MAX_SHOWN_NAME // 2
            name = f"{name[:keep]}…{name[-keep:]}"
        return name or "the file you chose"


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: dict[str, Upload] = field(default_factory=dict)
    too_long: set[str] = field(default_factory=set)  # text fields over FIELD_LIMIT, dropped

    def get(self, name: str, default: str = "") -> str:
        return self.fields.get(name, default)

    def file(self, name: str) -> Upload:
        return self.files.get(name, Upload())


async def read_form(request: Request, file_limits: dict[str, int], body_limit: int) -> Form:
    """The form in `request`: text fields, and the files named in `file_limits` (by field name,
    in bytes). A file over its limit is kept as `too_large`; any other file is dropped.

    Raises FormTooLarge before reading a body that says it is over `body_limit`, or once it
    is; BadForm for anything that is not a form.
    """
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > body_limit:
        raise FormTooLarge
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    if content_type == b"application/x-www-form-urlencoded":
        body = await _read_all(request, min(body_limit, FIELD_LIMIT * 4))
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, max_num_fields=50)
        except (UnicodeDecodeError, ValueError):
            raise BadForm from None
        return Form(fields=dict(pairs))
    if content_type != b"multipart/form-data" or b"boundary" not in options:
        raise BadForm
    return await _read_multipart(request, options[b"boundary"], file_limits, body_limit)


async def _read_all(request: Request, limit: int) -> bytes:
    body = bytearray()
    try:
        async for chunk in request.stream():
            body += chunk
            if len(body) > limit:
                raise FormTooLarge
    except ClientDisconnect:
        raise BadForm from None
    return bytes(body)


class _Parts:
    """python-multipart's callbacks: one part at a time, each kept within its limit."""

    def __init__(self, file_limits: dict[str, int]):
        self.file_limits = file_limits
        self.form = Form()
        self.count = 0
        self._header_name = self._header_value = b""
        self._disposition = b""
        self._name: str | None = None
        self._filename = ""
        self._is_file = False
        self._data = bytearray()
        self._too_large = False

    def callbacks(self) -> dict:
        return {
            "on_part_begin": self.begin,
            "on_header_field": self.header_field,
            "on_header_value": self.header_value,
            "on_header_end": self.header_end,
            "on_headers_finished": self.headers_finished,
            "on_part_data": self.data,
            "on_part_end": self.end,
        }

    def begin(self) -> None:
        self.count += 1
        if self.count > MAX_PARTS:
            raise BadForm
        self._disposition, self._name, self._filename, self._is_file = b"", None, "", False
        self._data, self._too_large = bytearray(), False

    def header_field(self, data: bytes, start: int, end: int) -> None:
        self._header_name += data[start:end]

    def header_value(self, data: bytes, start: int, end: int) -> None:
        self._header_value += data[start:end]

    def header_end(self) -> None:
        if self._header_name.lower() == b"content-disposition":
            self._disposition = self._header_value
        self._header_name = self._header_value = b""

    def headers_finished(self) -> None:
        _, options = parse_options_header(self._disposition)
        if b"name" not in options:
            raise BadForm
        self._name = options[b"name"].decode("utf-8", "replace")
        self._is_file = b"filename" in options
        self._filename = options.get(b"filename", b"").decode("utf-8", "replace")

    def limit(self) -> int:
        if self._is_file:
            return self.file_limits.get(self._name or "", 0)
        return FIELD_LIMIT

    def data(self, data: bytes, start: int, end: int) -> None:
        if self._too_large:
            return  # counted out already: the rest of this part is read and dropped
        if len(self._data) + (end - start) > self.limit():
            self._too_large, self._data = True, bytearray()
            return
        self._data += data[start:end]

    def end(self) -> None:
        name = self._name or ""
        if self._is_file:
            if name in self.file_limits and name not in self.form.files:
                self.form.files[name] = Upload(bytes(self._data), self._too_large, self._filename)
        elif self._too_large:
            self.form.too_long.add(name)  # far more than pasted by intent: said beside its field
        else:
            self.form.fields.setdefault(name, self._data.decode("utf-8", "replace"))


async def _read_multipart(
    request: Request, boundary: bytes, file_limits: dict[str, int], body_limit: int
) -> Form:
    parts = _Parts(file_limits)
    parser = MultipartParser(boundary, parts.callbacks())
    received = 0
    try:
        async for chunk in request.stream():
            received += len(chunk)
            if received > body_limit:
                raise FormTooLarge
            parser.write(chunk)
        parser.finalize()
    except (FormParserError, ValueError):
        raise BadForm from None
    except ClientDisconnect:
        raise BadForm from None
    return parts.form

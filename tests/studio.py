"""The studio for tests: one Studio driven through its ASGI app by Starlette's TestClient,
with no server, and any number of visitors at once, each with its own cookies."""

import html
import io
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import zipfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import Image
from starlette.testclient import TestClient

from mythprint.paths import DEFAULT_BRANDS_DIR
from mythprint.studio.app import Studio
from mythprint.studio.views import COOKIE

from .processes import as_a_foreground_job

BASE = "http://127.0.0.1:8000"
TOKEN = re.compile(r'name="csrftoken" value="([^"]+)"')
EXAMPLE_LOGO = DEFAULT_BRANDS_DIR / "example-partnership" / "logo.svg"
NORTHSHIRE = {
    "name": "Northshire Safeguarding Children Partnership",
    "short_name": "Northshire SCP",
    "website": "https://www.northshire.gov.uk",
    "primary": "#2b4c7e",
    "secondary": "#7a2958",
    "logo_alt": "Northshire SCP logo",
    "contacts": "Worried about a child? Children's Services front door: 01632 960123\n"
    "Out of hours: 01632 960456",
    "qr": "",
}


class Clock:
    """A clock the tests move on by hand: an hour passes in a line."""

    def __init__(self):
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Running:
    studio: Studio
    app: object
    client: TestClient  # holds the one event loop every visitor's requests run on
    clock: Clock


@contextmanager
def running_studio(root: Path):
    """A studio with warm workers, its lifespan run (so it stops, and cleans up, at the end)."""
    clock = Clock()
    studio = Studio(DEFAULT_BRANDS_DIR, "127.0.0.1", 8000, root=root, clock=clock)
    app = studio.app()
    with TestClient(app, base_url=BASE) as client:
        studio.pool.wait_warm()
        yield Running(studio, app, client, clock)


class Visit:
    """One visitor's browser: its own cookie jar, on the studio's one event loop."""

    def __init__(self, running: Running):
        self.running = running
        self.client = bare_client(running)
        self.first = self.home()

    def home(self):
        response = self.client.get("/")
        self.page = response.text
        return response

    @property
    def token(self) -> str:
        return TOKEN.search(self.page).group(1)

    @property
    def visitor(self):
        return self.running.studio.visitors._by_id[self.client.cookies[COOKIE]]

    def post(self, path: str, data: dict | None = None, files=None, token: bool = True):
        data = {**({"csrftoken": self.token} if token else {}), **(data or {})}
        response = self.client.post(path, data=data, files=files)
        if response.headers.get("content-type", "").startswith("text/html"):
            self.page = response.text
        return response

    def preview(self, logo: bytes | None = None, logo_name: str = "logo.svg", **changes):
        files = {"logo": (logo_name, logo, "application/octet-stream")} if logo else None
        return self.post("/preview", {**NORTHSHIRE, **changes}, files=files)

    def image(self, key: str) -> Image.Image:
        response = self.client.get(f"/previews/{key}.png")
        assert response.status_code == 200, response.status_code
        return Image.open(io.BytesIO(response.content)).convert("RGB")


def bare_client(running: Running) -> TestClient:
    """A client with no cookies yet, on the studio's one event loop."""
    client = TestClient(running.app, base_url=BASE)
    client.portal = running.client.portal
    return client


def notices_of(page: str, field: str) -> list[str]:
    """The words of each notice shown beside `field`, tied to it with aria-describedby."""
    found = re.findall(
        rf'<p class="notice notice--\w+" id="({field}-notice-\d+)">(.*?)</p>', page, re.S
    )
    described = re.search(rf'id="{field}"[^>]*aria-describedby="([^"]*)"', page)
    ids = described.group(1).split() if described else []
    assert all(notice_id in ids for notice_id, _ in found), (field, ids)
    return [html.unescape(re.sub(r"<[^>]+>", "", text)) for _, text in found]


def value_of(page: str, field: str) -> str:
    match = re.search(rf'id="{field}" name="{field}" value="([^"]*)"', page)
    return html.unescape(match.group(1)) if match else ""


def choices_of(page: str, field: str) -> tuple[dict[str, str], str | None]:
    """A list's options, what each shows by its value, and the value selected, if any."""
    select = re.search(rf'<select[^>]*id="{field}"[^>]*>(.*?)</select>', page, re.S)
    options = re.findall(r'<option value="([^"]*)"( selected)?>(.*?)</option>', select.group(1))
    shown = {html.unescape(value): html.unescape(text) for value, _, text in options}
    selected = [html.unescape(value) for value, chosen, _ in options if chosen]
    assert len(selected) <= 1, selected
    return shown, (selected[0] if selected else None)


def zip_of(entries: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name in links:
                info.external_attr = 0o120777 << 16
            archive.writestr(info, data)
    return buffer.getvalue()


def files_under(folder: Path) -> set[str]:
    return {str(path) for path in Path(folder).rglob("*")}


def colours_of(image: Image.Image) -> set[tuple[int, int, int]]:
    return {colour for _, colour in image.getcolors(1 << 24)}


# --- the studio as a real process: `mythprint serve` ---

MYTHPRINT = Path(sys.executable).parent / "mythprint"
ADDRESS = re.compile(r"running at (http://\S+/)")


@contextmanager
def context_of(browser, width: int = 1280):
    """A fresh browser context (its own cookies: one visitor) at `width`, closed after."""
    context = browser.new_context(viewport={"width": width, "height": 900}, accept_downloads=True)
    try:
        yield context
    finally:
        context.close()


@dataclass
class Served:
    process: subprocess.Popen
    url: str
    lines: "queue.Queue[str]"
    temp: Path  # the process's TMPDIR: where its folders are made

    def output(self) -> str:
        """Everything printed since, once the process has ended."""
        lines = []
        while not self.lines.empty():
            lines.append(self.lines.get())
        return "".join(lines)


@contextmanager
def serving(folder: Path, *options: str, timeout: float = 90):
    """`mythprint serve` in its own process, with its own TMPDIR, once it prints its address;
    stopped with SIGINT (as Ctrl-C does) if the test has not stopped it."""
    temp = folder / "tmp"
    temp.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        # Port 0: the studio takes a free port as it binds, and prints it. A port picked here
        # and bound by the studio later could be taken in between by another program.
        as_a_foreground_job([str(MYTHPRINT), "serve", "--port", "0", *options]),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        cwd=folder,
        env={**os.environ, "TMPDIR": str(temp)},
        start_new_session=True,  # its own process group, with its workers, as a service's
    )
    lines: queue.Queue[str] = queue.Queue()
    threading.Thread(target=_pump, args=(process.stdout, lines), daemon=True).start()
    try:
        url, seen, deadline = None, [], time.monotonic() + timeout
        while url is None and time.monotonic() < deadline and process.poll() is None:
            try:
                seen.append(lines.get(timeout=0.5))
            except queue.Empty:
                continue
            if match := ADDRESS.search(seen[-1]):
                url = match.group(1)
        assert url is not None, "".join(seen)
        for line in seen:
            lines.put(line)
        yield Served(process, url, lines, temp)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)  # its workers too
                process.wait()


def _pump(stream, lines: "queue.Queue[str]") -> None:
    for line in stream:
        lines.put(line)

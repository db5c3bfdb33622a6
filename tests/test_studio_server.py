"""`mythprint serve` as a real process: it prints its address, answers, and stops cleanly on
Ctrl-C, deleting every folder it made."""

import os
import signal
import socket
import subprocess
import urllib.error
import urllib.request

import pytest

from .studio import MYTHPRINT, serving


def fetch(url: str, host: str | None = None) -> tuple[int, str, dict]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


def test_serve_answers_at_its_address_and_ctrl_c_stops_it_cleanly(tmp_path):
    with serving(tmp_path) as served:
        assert served.url.startswith("http://127.0.0.1:")
        status, page, headers = fetch(served.url)
        assert status == 200 and "Partnership name" in page
        assert "mythprint-studio=" in headers["set-cookie"]
        assert fetch(served.url, host="attacker.example")[0] == 400
        folders = list(served.temp.glob("mythprint-studio-*/visitor-*"))
        assert len(folders) == 1  # the visitor's own folder, made on its first page
        served.process.send_signal(signal.SIGINT)
        code = served.process.wait(timeout=60)  # a guard against a hang, not a timing
        output = served.output()
    assert code == 0, output
    assert "Traceback" not in output and "Error" not in output
    assert "has stopped, and everything made in it was deleted" in output
    assert list(served.temp.iterdir()) == []


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP], ids=["sigterm", "sighup"])
def test_sigterm_to_the_studio_and_its_workers_stops_it_cleanly(tmp_path, stop):
    """A service manager (systemd, say) stops a service by sending SIGTERM to every one
    of its processes; closing the terminal sends them SIGHUP, and may send it twice. The
    workers end quietly and the studio deletes what it made, as it promises."""
    with serving(tmp_path) as served:
        assert fetch(served.url)[0] == 200
        os.killpg(served.process.pid, stop)
        os.killpg(served.process.pid, stop)
        code = served.process.wait(timeout=60)  # a guard against a hang, not a timing
        output = served.output()
    assert code == 0, output
    assert "Traceback" not in output and "Error" not in output, output
    assert "has stopped, and everything made in it was deleted" in output
    assert list(served.temp.iterdir()) == []


def test_the_next_studio_deletes_the_work_of_one_killed_outright(tmp_path):
    """kill -9, or the system short of memory, gives a studio no chance to delete its
    visitors' work: the next studio to start deletes it. A running studio's is kept."""
    with serving(tmp_path) as killed:
        assert fetch(killed.url)[0] == 200  # the visitor's folder is made
        [left] = killed.temp.glob("mythprint-studio-*")
        os.killpg(killed.process.pid, signal.SIGKILL)
        killed.process.wait(timeout=60)
    assert list(left.glob("visitor-*"))  # nothing could delete it
    running = killed.temp / f"mythprint-studio-{os.getpid()}-running"  # this process's
    running.mkdir()
    with serving(tmp_path) as served:
        assert not left.exists()
        assert running.is_dir()
        [own] = set(served.temp.glob("mythprint-studio-*")) - {running}
        assert own.name.startswith(f"mythprint-studio-{served.process.pid}-")


def test_any_host_but_this_computer_is_warned_of_and_a_port_in_use_is_said_plainly():
    with socket.socket() as taken:
        taken.bind(("127.0.0.2", 0))  # a port free at once, held from the start
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run(
            [str(MYTHPRINT), "serve", "--host", "127.0.0.2", "--port", str(port)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 1
    assert "Warning: the studio has no login" in result.stdout
    assert f"cannot listen at 127.0.0.2:{port}" in result.stderr
    assert "Traceback" not in result.stderr

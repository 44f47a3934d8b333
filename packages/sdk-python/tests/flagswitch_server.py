"""The real @flagswitch/server as a subprocess, for the end-to-end tests: started on a free port
with a temporary data directory (embedded SQLite) and a known admin token, set up through its
admin API, killed and restarted at will. It is never built here: ``npm test`` builds every
package before the tests run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

REPOSITORY = Path(__file__).resolve().parents[3]
SERVER_CLI = REPOSITORY / "packages" / "server" / "dist" / "cli.js"
ADMIN_TOKEN = "python-e2e-admin-token-0123456789"


class ServerNotBuilt(Exception):
    pass


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class FlagSwitchServer:
    """One server process at a time, on a fixed port and data directory, so that a restart
    comes back where SDKs expect it, with the same keys and flags."""

    def __init__(self, data_dir: Path) -> None:
        if not SERVER_CLI.exists():
            raise ServerNotBuilt(
                f"{SERVER_CLI} is missing: build the server first "
                "(node scripts/pnpm.mjs --filter @flagswitch/server build; npm test builds every package)"
            )
        node = shutil.which("node")
        if node is None:
            raise ServerNotBuilt("node is not on PATH: the end-to-end tests run the real server with it")
        self._node = node
        self.data_dir = data_dir
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = data_dir / "server.log"
        self._process: subprocess.Popen[bytes] | None = None

    def start(self, timeout: float = 30.0) -> None:
        environment = {**os.environ, "FLAGSWITCH_ADMIN_TOKEN": ADMIN_TOKEN}
        log = open(self.log_path, "ab")  # the child writes to it; this process closes its copy below
        self._process = subprocess.Popen(
            [self._node, str(SERVER_CLI), "serve", "--port", str(self.port), "--data-dir", str(self.data_dir)],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=environment,
            cwd=self.data_dir,
        )
        log.close()
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if self._process.poll() is not None:
                raise RuntimeError(f"the server exited with {self._process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.url}/api/openapi.json", timeout=1):
                    return
            except (OSError, urllib.error.URLError):
                time.sleep(0.1)
        raise RuntimeError(f"the server did not answer within {timeout} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no graceful shutdown, as in a crash."""
        process = self._process
        if process is not None and process.poll() is None:
            process.send_signal(signal.SIGKILL)
            process.wait(10)
        self._process = None

    def stop(self) -> None:
        process = self._process
        if process is not None and process.poll() is None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)
        self._process = None

    def log(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-4000:]
        except OSError:
            return "(no log)"

    def admin(self, method: str, path: str, body: Any = None, expect: int | None = None) -> Any:
        """One admin API call; returns the parsed JSON answer (and its status with ``expect=None``
        only when it is 2xx)."""
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(
            f"{self.url}{path}",
            data=data,
            method=method,
            headers={"Authorization": f"Bearer {ADMIN_TOKEN}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                status, payload = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, payload = error.code, error.read()
        if (expect is None and not 200 <= status < 300) or (expect is not None and status != expect):
            raise AssertionError(f"{method} {path} answered {status}: {payload[:500]!r}")
        return json.loads(payload) if payload else None

"""HTTP requests to the FlagSwitch server, on the standard library only (``urllib``, which
also honours the usual proxy environment variables)."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field

from .version import SDK_NAME, SDK_VERSION

__all__ = ["HttpResponse", "TransportError", "request", "sdk_headers", "url_for"]

USER_AGENT = f"{SDK_NAME}/{SDK_VERSION}"


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""

    def header(self, name: str) -> str | None:
        for key, value in self.headers.items():
            if key.lower() == name.lower():
                return value
        return None


class TransportError(Exception):
    """The request got no HTTP response (refused, reset, timed out, DNS…)."""


def url_for(base_url: str, path: str) -> str:
    return base_url.rstrip("/") + path


def sdk_headers(sdk_key: str) -> dict[str, str]:
    return {"Authorization": sdk_key, "User-Agent": USER_AGENT}


def request(
    method: str,
    url: str,
    *,
    headers: Mapping[str, str],
    body: bytes | None = None,
    timeout: float,
) -> HttpResponse:
    """Sends one request. Any HTTP status is a response (4xx and 5xx included); only a request
    that got no response raises ``TransportError``."""
    prepared = urllib.request.Request(url, data=body, method=method, headers=dict(headers))
    prepared.add_header("Accept-Encoding", "gzip")
    try:
        with urllib.request.urlopen(prepared, timeout=timeout) as response:
            return _read(response.status, response.headers, response.read())
    except urllib.error.HTTPError as error:
        try:
            payload = error.read()
        except OSError:
            payload = b""
        return _read(error.code, error.headers, payload)
    except (OSError, ValueError) as error:  # URLError, timeouts, resets, a malformed URL
        raise TransportError(f"{method} {url}: {getattr(error, 'reason', error)}") from error


def _read(status: int, headers: object, payload: bytes) -> HttpResponse:
    header_map = {key: value for key, value in headers.items()} if hasattr(headers, "items") else {}
    if payload and any(k.lower() == "content-encoding" and v.lower() == "gzip" for k, v in header_map.items()):
        try:
            payload = gzip.decompress(payload)
        except (OSError, EOFError) as error:
            raise TransportError(f"a gzip body that does not decompress: {error}") from error
    return HttpResponse(status, header_map, payload)

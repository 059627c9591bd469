"""A tiny HTTP proxy that serves the saved fixture pages by Host and path, with scripted faults.

Scrapy sends `GET http://host/path HTTP/1.1` to a proxy, so the crawled URLs stay the registry's
real URLs. Files live in fixtures/<template>/<host>/<path>; a query or POST body that selects a
page becomes `@name=value` (page, startrecord, pageNo, id), e.g. `list@pageNo=2`.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import socket
import struct
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"
_SELECTORS = ("page", "startrecord", "pageNo", "id")
_TYPES = {".xls": "application/vnd.ms-excel", ".pdf": "application/pdf",
          ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


@dataclass
class Fault:
    """One scripted answer: an HTTP status (with headers), or 'timeout', 'cut', 'dataloss', 'empty'."""

    kind: int | str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass
class FixtureSite:
    charsets: dict[str, str] = field(default_factory=dict)  # host -> charset sent in Content-Type
    faults: dict[tuple[str, str], list[Fault]] = field(default_factory=dict)  # consumed in order
    permanent: dict[tuple[str, str], Fault] = field(default_factory=dict)
    overrides: dict[tuple[str, str], bytes] = field(default_factory=dict)
    robots: dict[str, str] = field(default_factory=dict)
    validators: bool = True
    hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    log: list[tuple[str, str, str, dict[str, str]]] = field(default_factory=list)
    # (host, key, monotonic time the request reached this machine: the kernel's receive time where
    # the OS gives it, so a busy machine's late server thread does not move it)
    stamps: list[tuple[str, str, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def index_key(self, host: str, key: str) -> str:
        """A folder URL serves the folder's index page (as TRS and table sites do)."""
        if not key.endswith("/"):
            return key
        for name in ("index.shtml", "index.html", "@page=1"):
            if any((t / host / (key + name).lstrip("/")).is_file() for t in FIXTURES.iterdir()) or \
                    (host, key + name) in self.overrides:
                return key + name
        return key

    def body_for(self, host: str, key: str) -> bytes | None:
        if (host, key) in self.overrides:
            return self.overrides[(host, key)]
        for tdir in FIXTURES.iterdir():
            f = tdir / host / key.lstrip("/")
            if f.is_file():
                return f.read_bytes()
        return None


def request_key(path: str, query: str, body: bytes, content_type: str) -> str:
    params = {k: v[0] for k, v in parse_qs(query).items()}
    if body and "json" in content_type:
        params.update({k: str(v) for k, v in json.loads(body).items()})
    sel = [f"{k}={params[k]}" for k in _SELECTORS if k in params]
    return path + ("@" + "&".join(sel) if sel else "")


_SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)  # Linux; Python does not name it


class _StampedSocketReader(io.RawIOBase):
    """Reads a connection with recvmsg and keeps when the kernel received the last bytes read
    (SO_TIMESTAMPNS, as monotonic time); the time of the read itself where the OS has no stamps."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.last = time.monotonic()
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, _SO_TIMESTAMPNS, 1)

    def readable(self) -> bool:
        return True

    def readinto(self, b: bytearray | memoryview) -> int:  # type: ignore[override]
        n, anc, _flags, _addr = self.sock.recvmsg_into([b], socket.CMSG_SPACE(16))
        mono, wall = time.monotonic(), time.time()
        self.last = mono
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == _SO_TIMESTAMPNS and len(data) >= 16:
                sec, nsec = struct.unpack("qq", data[:16])
                self.last = mono - (wall - (sec + nsec / 1e9))
        return n


def make_handler(site: FixtureSite) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self) -> None:
            super().setup()
            self.raw_reader = _StampedSocketReader(self.connection)
            self.rfile = io.BufferedReader(self.raw_reader)

        def log_message(self, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            self.do_GET()

        def do_GET(self) -> None:
            arrived = self.raw_reader.last  # clients here send a request only after the last answer
            u = urlsplit(self.path)
            host = u.netloc or self.headers["Host"]
            n = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(n) if n else b""
            key = site.index_key(host, request_key(u.path, u.query, body, self.headers.get("Content-Type", "")))
            with site.lock:
                site.hits[(host, key)] += 1
                site.log.append((self.command, host, key, dict(self.headers)))
                site.stamps.append((host, key, arrived))
                queued = site.faults.get((host, key))
                fault = queued.pop(0) if queued else site.permanent.get((host, key))
            if key == "/robots.txt":
                return self.send(200, site.robots.get(host, "User-agent: *\nAllow: /\n").encode(), "text/plain")
            page = site.body_for(host, key)
            if fault is not None:
                return self.fault(fault, page or b"")
            if page is None:
                return self.send(404, b"not found", "text/plain")
            ext = Path(u.path).suffix
            if ext in _TYPES:
                ctype = _TYPES[ext]
            elif page[:1] in (b"{", b"["):
                ctype = "application/json;charset=UTF-8"
            elif page.startswith(b"<?xml"):
                ctype = "text/xml;charset=UTF-8"
            else:
                ctype = f"text/html; charset={site.charsets.get(host, 'utf-8')}"
            extra = {}
            if site.validators and ("index" in key or "@page=1" in key or "@pageNo=1" in key):
                etag = '"' + hashlib.md5(page).hexdigest()[:12] + '"'
                extra = {"ETag": etag, "Last-Modified": "Wed, 10 Jun 2026 08:00:00 GMT"}
                if self.headers.get("If-None-Match") == etag:
                    return self.send(304, b"", None, extra)
            self.send(200, page, ctype, extra)

        def fault(self, f: Fault, page: bytes) -> None:
            if f.kind == "timeout":
                time.sleep(3)
                return self.send(200, page, "text/html; charset=utf-8")
            if f.kind == "cut":
                return self.send(200, page[: len(page) // 2], "text/html; charset=utf-8")
            if f.kind == "dataloss":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.send_header("Connection", "close")
                self.end_headers()
                self.wfile.write(page[: len(page) // 2])
                self.close_connection = True
                return None
            if f.kind == "empty":
                return self.send(200, b"<html><body><ul class='list'></ul></body></html>", "text/html")
            if isinstance(f.kind, str) and f.kind.startswith("charset="):
                return self.send(200, page, f"text/html; {f.kind}")
            return self.send(int(f.kind), b"<html><body>error</body></html>", "text/html", f.headers)

        def send(self, status: int, body: bytes, ctype: str | None, headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            if ctype:
                self.send_header("Content-Type", ctype)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    return Handler


def serve(site: FixtureSite) -> tuple[ThreadingHTTPServer, str]:
    """Start the proxy on a free loopback port; returns the server and its proxy URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(site))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"

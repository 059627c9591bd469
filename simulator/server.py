"""One asyncio HTTP/1.1 server (keep-alive) on 127.0.0.1 for every simulated site.

Crawlers use it as an HTTP proxy (`GET http://host/path HTTP/1.1`); plain requests with a Host
header work too. Control endpoints live on the server's own address:
  GET  /_sim/health          {"ok": true, "day": 1, "sources": 5178}
  POST /_sim/day?d=2         advance (or rewind) the simulated day without a restart
  GET  /_sim/stats           requests served per host and per status; POST /_sim/stats/reset clears them
  GET  /_sim/faults          fault mode per source (only sources with a fault)
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import socket
import threading
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

from simulator.site import Response, SimulatedWeb

log = logging.getLogger("greenchain.simulator")

REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    308: "Permanent Redirect",
    400: "Bad Request",
    404: "Not Found",
    405: "Method Not Allowed",
    412: "Precondition Failed",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}
CONTROL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_HEADER = 64 * 1024
MAX_BODY = 1024 * 1024


class SimServer:
    """The HTTP front of a SimulatedWeb."""

    def __init__(self, web: SimulatedWeb, host: str = "127.0.0.1", port: int = 8765) -> None:
        if host not in CONTROL_HOSTS:
            raise ValueError(f"the simulator only listens on loopback, not {host!r}")
        self.web = web
        self.host = host
        self.port = port
        self._server: asyncio.base_events.Server | None = None

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._connection, self.host, self.port, reuse_address=True)
        self.port = self._server.sockets[0].getsockname()[1]

    async def serve_forever(self) -> None:
        if self._server is None:
            await self.start()
        assert self._server is not None
        async with self._server:
            await self._server.serve_forever()

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    # --- one connection ----------------------------------------------------------------------
    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while True:
                try:
                    head = await reader.readuntil(b"\r\n\r\n")
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, ConnectionError):
                    return
                if len(head) > MAX_HEADER:
                    return
                lines = head.decode("latin-1").split("\r\n")
                try:
                    method, target, version = lines[0].split(" ", 2)
                except ValueError:
                    await self._write(writer, Response(400, b"bad request line"), False)
                    return
                headers: dict[str, str] = {}
                for ln in lines[1:]:
                    if ":" in ln:
                        k, _, v = ln.partition(":")
                        headers[k.strip().lower()] = v.strip()
                length = int(headers.get("content-length", "0") or 0)
                if length > MAX_BODY:
                    await self._write(writer, Response(400, b"body too large"), False)
                    return
                body = await reader.readexactly(length) if length else b""
                keep = _keep_alive(version, headers)
                resp = self._dispatch(method, target, headers, body)
                if resp.hang_s:
                    # A stalled upstream: say nothing, then drop the connection.
                    await asyncio.sleep(resp.hang_s)
                    return
                if resp.delay_s:
                    await asyncio.sleep(resp.delay_s)
                await self._write(writer, resp, keep, head_only=method.upper() == "HEAD")
                if not keep:
                    return
        except (ConnectionError, asyncio.IncompleteReadError):
            return
        except asyncio.CancelledError:
            return  # the server is closing: end quietly (a cancelled task is logged as an error)
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    def _dispatch(self, method: str, target: str, headers: dict[str, str], body: bytes) -> Response:
        if target.startswith(("http://", "https://")):
            parts = urlsplit(target)
            host = parts.hostname or ""
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        else:
            host = (
                headers.get("host", "").rsplit(":", 1)[0]
                if not headers.get("host", "").startswith("[")
                else "::1"
            )
            path = target
        if host in CONTROL_HOSTS or not host:
            return self._control(method, path)
        try:
            return self.web.handle(method, host, path, headers, body)
        except Exception:  # a bug in a renderer must not kill the connection loop
            log.exception("simulator failed on %s %s%s", method, host, path)
            return Response(500, b"simulator error", {"Content-Type": "text/plain"})

    def _control(self, method: str, target: str) -> Response:
        path, _, query = target.partition("?")
        q = {k: v[-1] for k, v in parse_qs(query).items()}
        web = self.web
        if path == "/_sim/health":
            return _json(
                {"ok": True, "day": web.day, "seed": web.seed, "sources": len(web.registry.active())}
            )
        if path == "/_sim/day" and method == "POST":
            try:
                web.set_day(int(q.get("d", "")))
            except ValueError:
                return _json({"ok": False, "error": "d must be an integer >= 1"}, 400)
            log.info("simulator: day %d", web.day)
            return _json({"ok": True, "day": web.day})
        if path == "/_sim/stats":
            return _json(web.stats())
        if path == "/_sim/stats/reset" and method == "POST":
            web.reset_stats()
            return _json({"ok": True})
        if path == "/_sim/faults":
            return _json({k: v.value for k, v in sorted(web.faults.items()) if v.value != "none"})
        return _json({"ok": False, "error": f"unknown control endpoint {path}"}, 404)

    async def _write(
        self, writer: asyncio.StreamWriter, resp: Response, keep: bool, head_only: bool = False
    ) -> None:
        head = [f"HTTP/1.1 {resp.status} {REASONS.get(resp.status, 'Status')}"]
        headers = {
            "Server": "nginx",
            **resp.headers,
            "Content-Length": str(len(resp.body)),
            "Connection": "keep-alive" if keep else "close",
        }
        head += [f"{k}: {v}" for k, v in headers.items()]
        data = ("\r\n".join(head) + "\r\n\r\n").encode("latin-1", "replace")
        writer.write(data if head_only or resp.status == 304 else data + resp.body)
        await writer.drain()


def _keep_alive(version: str, headers: dict[str, str]) -> bool:
    conn = headers.get("connection", "").lower()
    if version.upper() == "HTTP/1.0":
        return conn == "keep-alive"
    return conn != "close"


def _json(obj: object, status: int = 200) -> Response:
    return Response(
        status,
        json.dumps(obj, ensure_ascii=False).encode("utf-8"),
        {"Content-Type": "application/json; charset=utf-8"},
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def running_simulator(web: SimulatedWeb, port: int = 0) -> Iterator[str]:
    """Serve `web` from a background thread on 127.0.0.1 (a free port by default); yield its URL."""
    loop = asyncio.new_event_loop()
    server = SimServer(web, port=port)
    started = threading.Event()
    failure: list[BaseException] = []

    def run() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start())
        except BaseException as exc:  # report a bind failure to the caller
            failure.append(exc)
            started.set()
            return
        started.set()
        loop.run_forever()
        loop.run_until_complete(server.close())
        pending = asyncio.all_tasks(loop)
        for task in pending:  # open keep-alive connections
            task.cancel()
        loop.run_until_complete(asyncio.gather(*pending, return_exceptions=True))
        loop.close()

    thread = threading.Thread(target=run, name="greenchain-simulator", daemon=True)
    thread.start()
    started.wait(30)
    if failure:
        raise failure[0]
    try:
        yield server.url
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(10)

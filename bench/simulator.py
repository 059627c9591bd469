"""Simulator figures: company generation rate, registry build time, pages/s served on one core, truth rate.

Pages/s: the server runs in its own process (`greenchain simulate serve`, one asyncio thread, so one
core); a separate asyncio client process-side keeps 16 keep-alive connections busy with proxy-style
requests for detail and list pages of HTML sources. Reported per wall second and per server CPU
second (psutil), first pass (records generated on demand) and a second pass.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time

import httpx
import psutil

from greenchain.registry import Template
from greenchain.registry_build import generate_registry
from simulator.companies import generate_companies
from simulator.server import free_port
from simulator.truth import truth_lines
from simulator.urls import detail_path
from simulator.world import build_web

CONNECTIONS = 16
N_COMPANIES = 20000


def _companies(n: int) -> dict[str, float]:
    t = time.perf_counter()
    count = sum(1 for _ in generate_companies(n, seed=0))
    s = time.perf_counter() - t
    return {"companies": count, "companies_s": round(s, 2), "companies_per_s": round(count / s)}


def _registry() -> dict[str, float]:
    t = time.perf_counter()
    n = len(generate_registry())
    return {"registry_sources": n, "registry_build_s": round(time.perf_counter() - t, 2)}


def _urls(n_sources: int) -> list[tuple[str, str]]:
    web = build_web(n_companies=N_COMPANIES)
    html = [
        s
        for s in web.registry.active()
        if s.template in (Template.TRS_WCM, Template.HANWEB_JCMS, Template.HTML_TABLE)
        and web.fault(s.id).value == "none"
    ][:n_sources]
    out = []
    for s in html:
        out.append((s.host, s.list_path + ("?page=1" if s.template == Template.HTML_TABLE else "")))
        out += [(s.host, detail_path(s, it)) for it in web.live(s)]
    return out


async def _client(port: int, urls: list[tuple[str, str]]) -> tuple[int, int]:
    """Fetch every URL once over CONNECTIONS keep-alive sockets; (responses, body bytes)."""
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for u in urls:
        queue.put_nowait(u)
    done = [0, 0]

    async def worker() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        while not queue.empty():
            host, path = queue.get_nowait()
            writer.write(f"GET http://{host}{path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            head = await reader.readuntil(b"\r\n\r\n")
            length = int(head.split(b"Content-Length: ", 1)[1].split(b"\r\n", 1)[0])
            await reader.readexactly(length)
            done[0] += 1
            done[1] += length
        writer.close()

    await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))
    return done[0], done[1]


def _serve_rate(urls: list[tuple[str, str]]) -> dict[str, float]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "greenchain.cli.main",
            "simulate",
            "serve",
            "--port",
            str(port),
            "--companies",
            str(N_COMPANIES),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/_sim/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("simulator did not start")
            time.sleep(0.2)
        ps = psutil.Process(proc.pid)
        out: dict[str, float] = {}
        for label in ("first_pass", "second_pass"):
            cpu0, t0 = sum(ps.cpu_times()[:2]), time.perf_counter()
            n, nbytes = asyncio.run(_client(port, urls))
            wall, cpu = time.perf_counter() - t0, sum(ps.cpu_times()[:2]) - cpu0
            out[f"{label}_pages_per_s"] = round(n / wall)
            out[f"{label}_pages_per_server_cpu_s"] = round(n / cpu) if cpu else 0
            out["pages"] = n
            out["mean_page_kb"] = round(nbytes / n / 1024, 1)
        return out
    finally:
        proc.terminate()
        proc.wait(10)


def _truth_rate(n_sources: int) -> dict[str, float]:
    web = build_web(n_companies=N_COMPANIES, day=2)
    ids = [s.id for s in web.registry.active()[:n_sources]]
    t = time.perf_counter()
    n = sum(1 for _ in truth_lines(web, 2, ids, progress=False))
    s = time.perf_counter() - t
    return {"truth_records": n, "truth_sources": len(ids), "truth_records_per_s": round(n / s)}


def run(quick: bool = False) -> dict:
    figures: dict[str, float] = {}
    figures.update(_companies(100_000 if quick else 1_000_000))
    figures.update(_registry())
    figures.update(_serve_rate(_urls(60 if quick else 400)))
    figures.update(_truth_rate(100 if quick else 600))
    print("simulator benchmark")
    for k, v in figures.items():
        print(f"  {k:<40} {v}")
    return figures


if __name__ == "__main__":
    run(quick="--quick" in sys.argv)

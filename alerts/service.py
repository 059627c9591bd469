"""Read-only HTTP feed service: each brand pulls its own feeds, and nothing else.

GET|HEAD /feeds/{brand}.atom | .json | .html   with `Authorization: Bearer <token>`
GET|HEAD /s/{feed_key}/{brand}.atom | .json | .html   the secret feed URL, for feed readers (no header)
GET /feeds/{brand}/messages?after=SEQ&limit=N   full messages after a cursor (bearer), for clients that
                                               fall further behind than the feed's max_entries
GET /about   the alert message format (the JSON Feed `_greenchain` extension's `about`)

A token is bound to one brand: any other brand's path answers 403 before anything is read; a feed
key names one brand, and any other answers 404. Feeds are served with a strong ETag (304 on
If-None-Match), gzip when the reader accepts it, and `Cache-Control: private, no-cache`.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from alerts import outbox
from alerts.config import AlertsConfig, load_alerts_config
from alerts.feeds import feed_paths, feeds_dir, link_prefix
from alerts.sqlfiles import query
from alerts.tokens import brand_for_feed_key, brand_for_token
from greenchain.paths import PROJECT_ROOT, DataPaths

# the brand rule of greenchain.brands.Brand.id; the name becomes a file name, so nothing else passes
_FEED_FILE = re.compile(r"^([a-z0-9][a-z0-9_-]{1,40})\.(atom|json|html)\Z")
_MEDIA = {"atom": "application/atom+xml; charset=utf-8", "json": "application/feed+json; charset=utf-8",
          "html": "text/html; charset=utf-8"}
_WHICH = {"atom": 0, "json": 1, "html": 2}


@contextmanager
def _readonly(paths: DataPaths) -> Iterator[sqlite3.Connection]:
    if not outbox.outbox_path(paths).exists():
        raise HTTPException(503, "no alerts yet")
    con = outbox.connect(paths, readonly=True)
    try:
        yield con
    finally:
        con.close()


def _feed_file(filename: str) -> tuple[str, str]:
    """(brand, format) of a feed file name, or 404."""
    m = _FEED_FILE.match(filename)
    if not m:
        raise HTTPException(404, "no such feed")
    return m.group(1), m.group(2)


def create_app(paths: DataPaths | None = None, config: AlertsConfig | None = None) -> FastAPI:
    paths = paths or DataPaths.default()
    base_url = (config or load_alerts_config()).feed.base_url.rstrip("/")
    if outbox.outbox_path(paths).exists():  # an outbox of an older release gets the token columns first
        outbox.connect(paths).close()
    app = FastAPI(title="greenchain supplier alerts", docs_url=None, redoc_url=None, openapi_url=None)

    def bearer_brand(request: Request) -> str:
        """The brand the request's live bearer token was issued for (401 otherwise)."""
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        with _readonly(paths) as con:
            owner = brand_for_token(con, token.strip())
        if owner is None:
            raise HTTPException(401, "unknown, revoked or expired token", headers={"WWW-Authenticate": "Bearer"})
        return owner

    def authorized_brand(brand_id: str, owner: str = Depends(bearer_brand)) -> str:
        if owner != brand_id:
            raise HTTPException(403, "this token is not valid for this brand")
        return brand_id

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/about")
    def about() -> PlainTextResponse:
        return PlainTextResponse(_about_text(), media_type="text/markdown; charset=utf-8")

    @app.api_route("/feeds/{filename}", methods=["GET", "HEAD"])
    def feed_by_token(filename: str, request: Request, owner: str = Depends(bearer_brand)) -> Response:
        brand, fmt = _feed_file(filename)
        if owner != brand:
            raise HTTPException(403, "this token is not valid for this brand")
        return _serve(paths, request, brand, fmt, None)

    @app.api_route("/s/{feed_key}/{filename}", methods=["GET", "HEAD"])
    def feed_by_secret_url(feed_key: str, filename: str, request: Request) -> Response:
        brand, fmt = _feed_file(filename)
        with _readonly(paths) as con:
            owner = brand_for_feed_key(con, feed_key)
        if owner != brand:  # unknown, revoked, expired, or another brand's key: nothing to see here
            raise HTTPException(404, "no such feed")
        secret_prefix = f"{base_url}/s/{feed_key}/{brand}."
        return _serve(paths, request, brand, fmt, (link_prefix(base_url, brand), secret_prefix))

    @app.get("/feeds/{brand_id}/messages")
    def messages(brand: str = Depends(authorized_brand), after: int = Query(0, ge=0),
                 limit: int = Query(100, ge=1, le=1000)) -> JSONResponse:
        with _readonly(paths) as con:
            rows = con.execute(query("brand_messages_after"),
                               {"brand_id": brand, "after": after, "limit": limit}).fetchall()
        items = [{"seq": r["seq"], "message": json.loads(r["body"])} for r in rows]
        return JSONResponse({"brand_id": brand, "items": items, "next_after": items[-1]["seq"] if items else after})

    return app


def _serve(paths: DataPaths, request: Request, brand: str, fmt: str, relink: tuple[str, str] | None) -> Response:
    """One feed file as GET or HEAD asks for it: conditional on its ETag, gzip if accepted."""
    path = feed_paths(feeds_dir(paths), brand)[_WHICH[fmt]]
    try:
        st = path.stat()
    except FileNotFoundError:
        raise HTTPException(404, "no alerts for this brand yet") from None
    gz = _accepts_gzip(request.headers.get("accept-encoding", ""))
    body, etag = _representation(str(path), st.st_mtime_ns, st.st_size, relink, gz)
    headers = {"ETag": etag, "Cache-Control": "private, no-cache", "Vary": "Accept-Encoding",
               "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
    if gz:
        headers["Content-Encoding"] = "gzip"
    if _matches(request.headers.get("if-none-match", ""), etag):
        return Response(status_code=304, headers=headers)
    if request.method == "HEAD":
        return Response(b"", media_type=_MEDIA[fmt], headers={**headers, "Content-Length": str(len(body))})
    return Response(body, media_type=_MEDIA[fmt], headers=headers)


@lru_cache(maxsize=16)  # a few MB each at most
def _representation(path: str, mtime_ns: int, size: int, relink: tuple[str, str] | None,
                    gz: bool) -> tuple[bytes, str]:
    """The bytes to send and their strong ETag; cached per file version (feeds change once a run)."""
    data = Path(path).read_bytes()
    if relink is not None:  # links between the feed files point to the secret URL the reader used
        data = data.replace(relink[0].encode(), relink[1].encode())
    tag = hashlib.sha256(data).hexdigest()[:32]
    if gz:  # a strong ETag names one encoding of the representation
        return gzip.compress(data, compresslevel=6, mtime=0), f'"{tag}-gzip"'
    return data, f'"{tag}"'


def _accepts_gzip(header: str) -> bool:
    for part in header.split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip().lower() in ("gzip", "x-gzip", "*"):
            q = params.strip().lower()
            try:
                return not (q.startswith("q=") and float(q[2:]) == 0)
            except ValueError:
                return False
    return False


def _matches(if_none_match: str, etag: str) -> bool:
    """Weak comparison (RFC 9110 13.1.2), as If-None-Match asks for."""
    if if_none_match.strip() == "*":
        return True
    return any(t.strip().removeprefix("W/") == etag for t in if_none_match.split(","))


@lru_cache(maxsize=1)
def _about_text() -> str:
    """docs/alerts.md's message-format section, where the project's docs are installed beside it."""
    doc = PROJECT_ROOT / "docs" / "alerts.md"
    if doc.exists():
        text = doc.read_text(encoding="utf-8")
        m = re.search(r"^## Message format\n.*?(?=^## )", text, re.S | re.M)
        if m:
            return m.group(0)
    return ("# greenchain supplier alert (greenchain.supplier_alert.v1)\n\nSee docs/alerts.md in the greenchain "
            "source for the message format.\n")


_SECRET_PATH = re.compile(r"/s/[^/?\s]+/")


class RedactFeedKeys(logging.Filter):
    """Access logs show `/s/…/<brand>.atom`: a secret feed URL is a credential, like a token."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(_SECRET_PATH.sub("/s/…/", a) if isinstance(a, str) else a for a in record.args)
        record.msg = _SECRET_PATH.sub("/s/…/", str(record.msg))
        return True


def serve(paths: DataPaths | None = None, host: str = "127.0.0.1", port: int = 8780) -> None:
    """Run the service with uvicorn (blocking)."""
    import uvicorn

    logging.getLogger("uvicorn.access").addFilter(RedactFeedKeys())
    uvicorn.run(create_app(paths), host=host, port=port, log_level="info")

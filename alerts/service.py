"""Read-only HTTP feed service: each brand pulls its own feeds with its own bearer token.

GET /feeds/{brand_id}.atom | .json   the feed files written by the last delivery
GET /feeds/{brand_id}/messages?after=SEQ&limit=N   full messages after a cursor (for clients that
                                     fall further behind than the feed's max_entries)
A token is bound to one brand: any other brand's path answers 403 before anything is read.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, JSONResponse

from alerts import outbox
from alerts.feeds import feed_paths, feeds_dir
from alerts.sqlfiles import query
from alerts.tokens import brand_for_token
from greenchain.paths import DataPaths

_BRAND = re.compile(r"^[a-z0-9][a-z0-9_-]{1,40}$")  # same rule as greenchain.brands.Brand.id


@contextmanager
def _readonly(paths: DataPaths) -> Iterator[sqlite3.Connection]:
    if not outbox.outbox_path(paths).exists():
        raise HTTPException(503, "no alerts yet")
    con = outbox.connect(paths, readonly=True)
    try:
        yield con
    finally:
        con.close()


def create_app(paths: DataPaths | None = None) -> FastAPI:
    paths = paths or DataPaths.default()
    app = FastAPI(title="greenchain supplier alerts", docs_url=None, redoc_url=None, openapi_url=None)

    def authorized_brand(brand_id: str, request: Request) -> str:
        """The brand in the path, if and only if the bearer token was issued for it."""
        auth = request.headers.get("authorization", "")
        scheme, _, token = auth.partition(" ")
        if scheme.lower() != "bearer" or not token:
            raise HTTPException(401, "missing bearer token", headers={"WWW-Authenticate": "Bearer"})
        with _readonly(paths) as con:
            owner = brand_for_token(con, token.strip())
        if owner is None:
            raise HTTPException(401, "unknown token", headers={"WWW-Authenticate": "Bearer"})
        if owner != brand_id:
            raise HTTPException(403, "this token is not valid for this brand")
        return brand_id

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/feeds/{brand_id}.atom")
    def atom(brand: str = Depends(authorized_brand)) -> FileResponse:
        return _feed_file(paths, brand, 0, "application/atom+xml; charset=utf-8")

    @app.get("/feeds/{brand_id}.json")
    def json_feed(brand: str = Depends(authorized_brand)) -> FileResponse:
        return _feed_file(paths, brand, 1, "application/feed+json; charset=utf-8")

    @app.get("/feeds/{brand_id}/messages")
    def messages(brand: str = Depends(authorized_brand), after: int = Query(0, ge=0),
                 limit: int = Query(100, ge=1, le=1000)) -> JSONResponse:
        with _readonly(paths) as con:
            rows = con.execute(query("brand_messages_after"),
                               {"brand_id": brand, "after": after, "limit": limit}).fetchall()
        items = [{"seq": r["seq"], "message": json.loads(r["body"])} for r in rows]
        return JSONResponse({"brand_id": brand, "items": items, "next_after": items[-1]["seq"] if items else after})

    return app


def _feed_file(paths: DataPaths, brand: str, which: int, media_type: str) -> FileResponse:
    if not _BRAND.match(brand):  # the id becomes a file name
        raise HTTPException(404, "no such feed")
    path = feed_paths(feeds_dir(paths), brand)[which]
    if not path.exists():
        raise HTTPException(404, "no alerts for this brand yet")
    return FileResponse(path, media_type=media_type)


def serve(paths: DataPaths | None = None, host: str = "127.0.0.1", port: int = 8780) -> None:
    """Run the service with uvicorn (blocking)."""
    import uvicorn

    uvicorn.run(create_app(paths), host=host, port=port, log_level="info")

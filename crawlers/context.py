"""The crawl context of one source: make requests, land documents, record errors, finish cleanly.

Spiders describe a site (where the list is, how to read an item, how to page); everything a
source has in common (incremental state, snapshots, landing lines, health, stop rules) lives here.
A context counts its outstanding requests; when the last one is answered the source is finished:
landing file, health and state are written then, each atomically.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response
from twisted.python.failure import Failure

from crawlers.atomic import write_atomic
from crawlers.decoding import declared_charset, decode_body, decode_declared
from crawlers.errors import REFUSED_KINDS, error_kind
from crawlers.health import SourceHealth, structure_signature
from crawlers.landing import LandingBuffer
from crawlers.snapshots import SnapshotStore
from crawlers.state import Pending, SourceState
from greenchain.paths import DataPaths
from greenchain.registry import Source

if TYPE_CHECKING:
    from crawlers.families.base import Family
    from crawlers.pages.jcms import JcmsPage
    from crawlers.spiders.base import SourceSpider

# Roles of a request: list pages are read for items, details are landed, articles (attachment
# family) are snapshotted and read for file links.
LIST, DETAIL, ARTICLE = "list", "detail", "article"
# No list is longer than this many pages; a pager that says otherwise is not believed.
MAX_LIST_PAGES = 2000
MAX_REFUSED_KEPT = 50  # refused URLs listed in the health file (all are counted)


_ANNOUNCED: list[str] = []
_ANNOUNCE_FLUSHED = [0.0]


def flush_announcements() -> None:
    """Write the finished sources' lines announced since the last flush (also called at close)."""
    if _ANNOUNCED:
        sys.stdout.write("".join(_ANNOUNCED))
        _ANNOUNCED.clear()
    sys.stdout.flush()


_NOW: list[Any] = [None, ""]  # (the second, its ISO string): a landing line per document needs one


def now_iso() -> str:
    second = int(time.time())
    if second != _NOW[0]:
        _NOW[0], _NOW[1] = second, datetime.fromtimestamp(second, UTC).isoformat(timespec="seconds")
    return str(_NOW[1])


def _headers(response: Response) -> dict[str, str]:
    out: dict[str, str] = {}
    # The plain dict view: Headers.items() looks every key up again through its normaliser.
    for k, vals in dict.items(response.headers):
        raw = vals[-1] if vals else b""
        try:
            v = raw.decode("utf-8")
        except UnicodeDecodeError:
            v = raw.decode("latin-1")
        out[k.decode("latin-1").lower()] = v
    return out


@dataclass(frozen=True)
class ListItem:
    """One entry of a list page: where its document is and what the list said about it."""

    url: str
    title: str | None
    date: str | None
    key: str  # what makes it "seen": the detail URL, or the item id for JSON APIs
    doc_type: str = "html"


class SourceContext:
    def __init__(self, spider: SourceSpider, family: Family, source: Source, run_id: str, paths: DataPaths,
                 store: SnapshotStore, full_listing_every_days: int) -> None:
        self.spider = spider
        self.family = family
        self.source = source
        self.run_id = run_id
        self.paths = paths
        self.store = store
        self.state_path = paths.crawl_state / f"{source.id}.json"
        self.state = SourceState.load(self.state_path, source.id)
        self.health = SourceHealth(source.id, run_id, source.template.value, started_at=now_iso())
        self.run_dir = paths.landing_run(run_id)
        self.landing = LandingBuffer(self.run_dir / f"{source.id}.jsonl")
        self._t0 = time.monotonic()
        self.outstanding = 0
        self.finished = False
        self.requested: set[str] = set()  # keys asked for in this run: a shifted list never lands twice
        self.landed_keys: set[str] = set()
        self.snapshot_shas: set[str] = set()  # this run's snapshots: all on disk before its landing file
        self.pending_next: dict[str, Pending] = {}
        self.lost_lists: list[str] = []
        self.first_list_error: str | None = None
        self.reached_end = False
        self.sig_paths: list[str] | None = None
        self.validators: dict[str, dict[str, str]] = {}
        self.listing: dict[str, None] = {}  # document URLs the source lists now, in list order
        self.article_files: dict[str, list[str]] = {}
        self.lost_articles = 0
        self.list_urls: set[str] = set()  # list pages asked for in this run: a pager never loops
        self.listed_keys: set[str] = set()  # items read on list pages in this run
        self.jcms: JcmsPage | None = None  # a jcms column's page, whose parameters later pages use
        st = self.state
        # Re-running a run id: its own items count as unseen, and validators must not hide them.
        self.rerun = run_id in set(st.seen.values())
        last = date.fromisoformat(st.last_full_listing) if st.last_full_listing else None
        self.full_listing = (not st.backfill_complete or last is None
                             or (datetime.now(UTC).date() - last).days >= full_listing_every_days)

    # -- requests -------------------------------------------------------------------------------
    def request(self, url: str, handler: Callable[..., Iterable[Any]], *, role: str, method: str = "GET",
                body: bytes | str | None = None, headers: dict[str, str] | None = None,
                expect: str | None = None, meta: dict[str, Any] | None = None,
                **cb_kwargs: Any) -> Request:
        """A request owned by this source; its answer (or failure) goes to `handler(response, ctx, **kw)`."""
        self.outstanding += 1
        m = {"gc_source": self.source.id, "gc_role": role, "gc_handler": handler, "gc_expect": expect,
             "dont_obey_robotstxt": not self.source.obey_robots, **(meta or {})}
        return Request(url, method=method, body=body, headers=headers, meta=m, cb_kwargs=cb_kwargs,
                       callback=self.spider.on_response, errback=self.spider.on_error,
                       # our own seen/requested sets dedupe; Scrapy's filter would drop a retry silently
                       dont_filter=True, priority=1 if role != LIST else 0)

    def list_request(self, url: str, handler: Callable[..., Iterable[Any]], *, page_no: int,
                     method: str = "GET", body: bytes | str | None = None,
                     headers: dict[str, str] | None = None, expect: str | None = "html",
                     **cb_kwargs: Any) -> Request:
        """A list page. The first page is conditional (ETag/Last-Modified) once the backlog is complete."""
        hdrs = dict(headers or {})
        meta: dict[str, Any] = {"gc_page_no": page_no}
        if page_no == 1 and self.state.last_status == "failed":
            # Failed last time: probe once (no retries) rather than hammer a broken server daily.
            meta["gc_max_retries"] = 0
        v = self.state.validators.get(url)
        if page_no == 1 and v and not self.full_listing and not self.rerun:
            if v.get("etag"):
                hdrs["If-None-Match"] = v["etag"]
            if v.get("last_modified"):
                hdrs["If-Modified-Since"] = v["last_modified"]
            meta["handle_httpstatus_list"] = [304]
        return self.request(url, handler, role=LIST, method=method, body=body, headers=hdrs, expect=expect,
                            meta=meta, page_no=page_no, **cb_kwargs)

    def detail_request(self, item: ListItem, list_url: str) -> Request:
        expect = {"html": "html", "json": "json", "pdf": "pdf", "xlsx": "xlsx"}.get(item.doc_type)
        return self.request(item.url, self.family.parse_detail, role=DETAIL, expect=expect,
                            meta={"gc_doc_type": item.doc_type}, item=item, list_url=list_url)

    def next_list(self, url: str, handler: Callable[..., Iterable[Any]], *, page_no: int,
                  **kwargs: Any) -> Request | None:
        """A list page found by reading the previous one; None (and counted) when following it could
        loop or leave the site: a page already asked for, past MAX_LIST_PAGES, another host."""
        key = url if kwargs.get("method", "GET") == "GET" else f"{url} {kwargs.get('body')}"
        if key in self.list_urls:
            self.count_error("pager_loop")
            return None
        if page_no > MAX_LIST_PAGES:
            self.count_error("page_cap")
            return None
        if page_no > 1 and urlsplit(url).hostname != urlsplit(self.source.base_url).hostname:
            self.refuse(url, "pager_off_site")
            return None
        self.list_urls.add(key)
        return self.list_request(url, handler, page_no=page_no, **kwargs)

    def pending_requests(self) -> list[Request]:
        """Documents listed on an earlier run that could not be fetched then."""
        out = []
        for p in self.state.pending:
            item = ListItem(p.url, p.title, p.date, p.key, p.doc_type or "html")
            if not self.state.known(item.key, self.run_id) and item.key not in self.requested:
                self.requested.add(item.key)
                out.append(self.family.pending_request(self, item, p.list_url))
        return out

    # -- list pages -----------------------------------------------------------------------------
    def list_text(self, response: Response) -> str:
        """The list page decoded (declared charset, else the registry's); a mislabel is counted."""
        text, _enc, mislabelled = decode_body(response.body, self._ctype(response), self.source.encoding)
        if mislabelled:
            self.health.errors["decode"] += 1
        return text

    def seen_list_page(self, response: Response) -> bool:
        """Count a list page and keep its validators; False when it was 304 Not Modified."""
        page_no = response.meta["gc_page_no"]
        if response.status == 304:
            self.health.not_modified = True
            self.validators[response.url] = self.state.validators.get(response.url, {})
            return False
        self.health.list_pages += 1
        if page_no == 1:
            v = {}
            if etag := response.headers.get("ETag"):
                v["etag"] = etag.decode("latin-1")
            if lm := response.headers.get("Last-Modified"):
                v["last_modified"] = lm.decode("latin-1")
            if v:
                self.validators[response.request.url if response.request else response.url] = v
        return True

    def listed(self, items: list[ListItem], list_url: str, page_no: int,
               sig_paths: list[str] | None = None) -> tuple[list[ListItem], bool]:
        """The new items of one list page (not landed before, not asked for in this run), and
        whether to fetch the next page.

        Paging stops at an empty page, at max_items, or (unless this run lists the source fully)
        at the first page whose last item was landed on an earlier run (lists are newest first).
        """
        if page_no == 1 and sig_paths is not None:
            self.sig_paths = sig_paths
        self.health.items_listed += len(items)
        repeat = bool(items) and all(it.key in self.listed_keys for it in items)
        self.listed_keys.update(it.key for it in items)
        new: list[ListItem] = []
        for it in items:
            for url in self.family.listed_documents(self, it):
                self.listing[url] = None
            if self.state.known(it.key, self.run_id) or it.key in self.requested:
                continue
            self.requested.add(it.key)
            self.health.items_new += 1
            new.append(it)
        # Lists are newest first: once the page's last item was landed before, so was all that
        # follows. (The last, not the first: a pinned old item at the top must not stop paging.)
        tail_known = bool(items) and self.state.known(items[-1].key, self.run_id)
        go_on = bool(items) and (self.full_listing or not tail_known)
        if repeat and page_no > 1:
            self.count_error("pager_repeat")  # a pager that serves the same items again: stop
            go_on = False
        if self.health.items_listed >= self.source.max_items:
            self.health.errors["max_items"] += 1
            go_on = False
        return new, go_on

    # -- documents ------------------------------------------------------------------------------
    def land(self, response: Response, item: ListItem, list_url: str, doc_type: str) -> dict[str, Any] | None:
        """Snapshot the raw bytes and add the landing line; None if this URL was already landed."""
        body = response.body
        sha = self.store.put(body)
        self.snapshot_shas.add(sha)
        headers = _headers(response)
        declared = declared_charset(body, headers.get("content-type")) if doc_type == "html" else None
        if doc_type == "html":
            # A mislabelled page is landed as it is (raw bytes); normalize decodes it. Count it here.
            _t, _e, mislabelled = decode_declared(body, declared, self.source.encoding)
            if mislabelled:
                self.health.errors["decode"] += 1
        line = {
            "source_id": self.source.id, "run_id": self.run_id, "url": response.url, "list_url": list_url,
            "fetched_at": now_iso(), "status": response.status, "headers": headers,
            "snapshot_sha256": sha, "size": len(body), "doc_type": doc_type,
            "template": self.source.template.value, "kind": self.source.kind.value,
            "list_title": item.title, "list_date": item.date,
            "declared_encoding": declared or (self.source.encoding if doc_type in ("html", "json") else None),
        }
        if not self.landing.add(line):
            return None
        self.landed_keys.add(item.key)
        self.health.detail_pages += 1
        return line

    def snapshot_article(self, response: Response) -> str:
        self.health.article_pages += 1
        sha = self.store.put(response.body)
        self.snapshot_shas.add(sha)
        return sha

    # -- failures and completion ----------------------------------------------------------------
    def failed(self, failure: Failure, request: Request) -> None:
        """A request that failed for good (retries are over): remember what was lost."""
        kind = error_kind(failure)
        role = request.meta["gc_role"]
        if kind in REFUSED_KINDS and len(self.health.refused) < MAX_REFUSED_KEPT:
            self.health.refused.append({"url": request.url[:300], "reason": f"{kind}: {failure.value}"[:300]})
        if role == ARTICLE:
            self.lost_articles += 1
        if role == LIST:
            self.lost_lists.append(f"{kind} {request.url}")
            if request.meta["gc_page_no"] == 1 and self.first_list_error is None:
                self.first_list_error = f"first list page failed: {kind} ({request.url})"
        else:
            item: ListItem = request.cb_kwargs["item"]
            self.health.items_lost += 1
            if kind in REFUSED_KINDS:
                return  # refused for what it is: asking again tomorrow would not change that
            self.pending_next[item.key] = Pending(item.url, request.cb_kwargs["list_url"], item.title,
                                                  item.date, item.key, item.doc_type)

    def count_error(self, kind: str) -> None:
        self.health.errors[kind] += 1

    def refuse(self, url: str, reason: str) -> None:
        """A URL the crawl will not fetch (unsafe scheme or address, too large, off-site pager)."""
        self.health.errors[reason] += 1
        if len(self.health.refused) < MAX_REFUSED_KEPT:
            self.health.refused.append({"url": url[:300], "reason": reason})

    def saw_family(self, template: Any) -> None:
        if self.health.family_seen is None:
            self.health.family_seen = str(template.value if hasattr(template, "value") else template)

    def done_one(self) -> None:
        self.outstanding -= 1
        if self.outstanding == 0:
            self.finish()

    def finish(self, interrupted: bool = False) -> None:
        if self.finished:
            return
        self.finished = True
        h = self.health
        h.finished_at = now_iso()
        h.list_pages_failed = len(self.lost_lists)
        h.duration_s = round(time.monotonic() - self._t0, 3)
        if self.sig_paths is not None:
            h.structure_signature = structure_signature(self.sig_paths)
            prev = self.state.structure_signature
            h.structure_changed = prev is not None and prev != h.structure_signature
        lost = f"{len(self.lost_lists)} list pages and {h.items_lost} documents lost" + self._kinds()
        if interrupted:
            h.status, h.reason = "partial", f"crawl stopped before the source finished; {lost}"
        elif self.first_list_error:
            h.status, h.reason = "failed", self.first_list_error + self._kinds()
        elif h.not_modified and h.list_pages == 0:
            h.status, h.reason = "ok", "list not modified since the last run"
        elif h.items_listed == 0 and self.source.min_items > 0:
            h.status = "zero_items"
            h.reason = f"list answered with 0 items (min_items={self.source.min_items})"
        elif self.lost_lists or h.items_lost:
            h.status, h.reason = "partial", lost
        else:
            h.status, h.reason = "ok", ""
        complete = (self.reached_end and not interrupted and not self.lost_lists and not self.lost_articles
                    and self.first_list_error is None)
        manifest = {"source_id": self.source.id, "run_id": self.run_id, "complete": complete,
                    "full_listing": self.full_listing, "urls": list(self.listing)}
        if not interrupted:
            self._update_state()
        # Written by the snapshot writer after this source's snapshots: no disk wait on the reactor.
        self.store.after(lambda: self._write_finished(manifest, save_state=not interrupted))

    def _write_finished(self, manifest: dict[str, Any], save_state: bool) -> None:
        h = self.health
        lost = [self.store.failed[s] for s in self.snapshot_shas if s in self.store.failed]
        if lost:
            h.errors["snapshot"] += 1
            h.status, h.reason = "failed", f"snapshot write failed: {lost[0]}"[:300]
            # No landing file and no state: the next run fetches these documents again.
            h.write(self.run_dir / "health" / f"{self.source.id}.json")
            self._announce()
            return
        self.landing.flush()
        write_atomic(self.run_dir / "listing" / f"{self.source.id}.json",
                     json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
        h.write(self.run_dir / "health" / f"{self.source.id}.json")
        if save_state:
            self.state.save(self.state_path)
        self._announce()

    def _announce(self) -> None:
        # One line per finished source on stdout: the runner turns these into a progress display.
        # Flushed at most twice a second (a write per source costs more than finishing it).
        _ANNOUNCED.append("GCSOURCE " + json.dumps({"id": self.source.id, "status": self.health.status}) + "\n")
        now = time.monotonic()
        if now - _ANNOUNCE_FLUSHED[0] >= 0.5:
            flush_announcements()
            _ANNOUNCE_FLUSHED[0] = now

    def _update_state(self) -> None:
        """The state to save once this run's files are written (see _write_finished)."""
        st = self.state
        for k in self.landed_keys:
            st.seen.setdefault(k, self.run_id)
        st.files_of.update(self.article_files)
        still = [p for p in st.pending if p.key not in st.seen and p.key not in self.requested]
        st.pending = still + [p for k, p in self.pending_next.items() if k not in st.seen]
        if self.validators and not self.lost_lists:
            st.validators = self.validators
        if self.reached_end and not self.lost_lists:
            st.backfill_complete = True
            if self.full_listing:
                st.last_full_listing = datetime.now(UTC).date().isoformat()
        if self.health.structure_signature is not None:
            st.structure_signature = self.health.structure_signature
        st.last_status = self.health.status
        st.updated_at = now_iso()

    def _kinds(self) -> str:
        errs = self.health.errors
        return f" (errors: {', '.join(f'{k}={v}' for k, v in sorted(errs.items()))})" if errs else ""

    @staticmethod
    def _ctype(response: Response) -> str | None:
        ct = response.headers.get("Content-Type")
        return ct.decode("latin-1") if ct else None

"""The crawl spider: registry rows become source contexts, answers and failures are routed to them.

One spider runs the sources of every CMS family in one engine (one connection pool, one
scheduler); what differs per family (where a list starts, how its pages read) is the family
adapter's job (crawlers/families/), chosen by each source's registry template.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

import scrapy
from pydantic import ValidationError
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.spidermiddlewares.referer import RefererMiddleware
from twisted.python.failure import Failure

from crawlers.config import load_crawl_config, resolve_proxy, scrapy_settings
from crawlers.context import LIST, SourceContext, flush_announcements, now_iso
from crawlers.families import FAMILIES
from crawlers.health import SourceHealth
from crawlers.middlewares import OTHER_HOSTS_SLOT
from crawlers.snapshots import SnapshotStore
from greenchain.paths import DataPaths
from greenchain.registry import Registry, Source, load_registry

_REGISTRIES: dict[tuple[Path | None, bool], Registry] = {}


def cached_registry(config_dir: Path | None, ids: list[str] | None = None) -> Registry:
    """The registry, loaded once per process (one process runs a spider per family).

    Historical sources (read from ../shared/realdata, slow to build) are loaded only when one of
    `ids` is not among the configured sources.
    """
    key = (config_dir, False)
    if key not in _REGISTRIES:
        _REGISTRIES[key] = load_registry(config_dir, include_historical=False)
    reg = _REGISTRIES[key]
    if ids is not None and set(ids) <= reg.by_id().keys():
        return reg
    full = (config_dir, True)
    if full not in _REGISTRIES:
        _REGISTRIES[full] = load_registry(config_dir)
    return _REGISTRIES[full]


def select_sources(registry: Registry, ids: list[str] | None) -> list[Source]:
    """Sources by id in the given order (every active one for None); an unknown id is an error.

    (Registry.select looks each id up through a freshly built dict: quadratic for 5,000 ids.)
    """
    if ids is None:
        return registry.active()
    by_id = registry.by_id()
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise KeyError(f"unknown source id {missing[0]!r}" + (f" (+{len(missing) - 1} more)" if len(missing) > 1 else ""))
    return [by_id[i] for i in ids]


def read_source_ids(sources: str | None, sources_file: str | None) -> list[str] | None:
    """Ids from `-a sources=a,b` and/or `-a sources_file=path` (one id a line, '#' comments)."""
    if sources is None and sources_file is None:
        return None
    ids = [s.strip() for s in (sources or "").split(",") if s.strip()]
    if sources_file:
        for line in Path(sources_file).read_text(encoding="utf-8").splitlines():
            if line.strip() and not line.startswith("#"):
                ids.append(line.strip())
    return list(dict.fromkeys(ids))


def host_slots(sources: list[Source], delay_scale: float) -> dict[str, dict[str, Any]]:
    """Per-host concurrency and delay from the registry: the strictest source on a host wins."""
    slowest = max((s.delay_s for s in sources), default=1.0) * delay_scale
    slots: dict[str, dict[str, Any]] = {
        OTHER_HOSTS_SLOT: {"concurrency": 1, "delay": slowest, "randomize_delay": False}}
    for s in sources:
        host = s.host.split(":")[0]
        delay = s.delay_s * delay_scale
        old = slots.get(host)
        slots[host] = {
            "concurrency": min(s.concurrency, old["concurrency"]) if old else s.concurrency,
            "delay": max(delay, old["delay"]) if old else delay,
            # The registry's delay is a floor between requests, not a mean (Scrapy would
            # otherwise wait 0.5-1.5x it).
            "randomize_delay": False,
        }
    return slots


def _origin(url: str) -> str:
    """`scheme://host[:port]` of an absolute URL (at least as fine a key as its origin)."""
    slash = url.find("/", url.find("//") + 2)
    return url if slash < 0 else url[:slash]


def _find_referer_middleware(crawler: Crawler) -> RefererMiddleware | Literal[False]:
    scraper = getattr(crawler.engine, "scraper", None)
    mws = scraper.spidermw.middlewares if scraper is not None else ()
    return next((m for m in mws if isinstance(m, RefererMiddleware)), False)  # False: REFERER_ENABLED off


class SourceSpider(scrapy.Spider):
    name = "sources"

    def __init__(self, sources: str | None = None, sources_file: str | None = None, run_id: str | None = None,
                 data_dir: str | None = None, config_dir: str | None = None, profile: str | None = None,
                 proxy: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        cfg_dir = Path(config_dir) if config_dir else None
        self.crawl_config = load_crawl_config(cfg_dir)
        self.profile = self.crawl_config.profile(profile)
        self.proxy = resolve_proxy(self.crawl_config, proxy)
        ids = read_source_ids(sources, sources_file)
        registry = cached_registry(cfg_dir, ids)
        self.sources: list[Source] = select_sources(registry, ids)
        self.run_id = run_id or datetime.now(UTC).date().isoformat()
        self.paths = DataPaths(Path(data_dir).resolve()) if data_dir else DataPaths.default()
        self.store = SnapshotStore(self.paths.snapshots, background=True)
        self.contexts: dict[str, SourceContext] = {}
        self._referer_mw: RefererMiddleware | Literal[False] | None = None  # looked up on the first page read

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourceSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        s = scrapy_settings(spider.crawl_config, spider.profile)
        s["GREENCHAIN_PROXY"] = spider.proxy
        s["DOWNLOAD_SLOTS"] = spider.host_slots()
        s["GREENCHAIN_ROBOTS_DIR"] = str(spider.paths.crawl_state / "robots")
        # Settings may still change here: Scrapy applies them after the spider is created.
        crawler.settings.setdict(s, priority="spider")
        crawler.signals.connect(spider.on_closed, signal=signals.spider_closed)
        return spider

    def host_slots(self) -> dict[str, dict[str, Any]]:
        return host_slots(self.sources, self.profile.delay_scale)

    async def start(self) -> AsyncIterator[Any]:
        for source in self.sources:
            family = FAMILIES[source.template]
            try:
                ctx = SourceContext(self, family, source, self.run_id, self.paths, self.store,
                                    self.crawl_config.full_listing_every_days)
            except Exception as e:  # e.g. an unreadable state file: this source fails, the rest go on
                self.logger.error("%s: cannot start: %r", source.id, e)
                self._write_unstartable(source, e)
                continue
            self.contexts[source.id] = ctx
            try:
                params = family.params_model.model_validate(source.params)
            except ValidationError as e:
                err = e.errors()[0]
                ctx.count_error("config")
                ctx.first_list_error = f"bad params for {source.template.value}: {'.'.join(map(str, err['loc']))}: {err['msg']}"
                ctx.finish()
                continue
            ctx.outstanding += 1  # hold the source open while its first requests are made
            for req in [*ctx.pending_requests(), *family.first_requests(ctx, params)]:
                yield req
            ctx.done_one()

    def _write_unstartable(self, source: Source, e: Exception) -> None:
        h = SourceHealth(source.id, self.run_id, source.template.value, started_at=now_iso(), finished_at=now_iso())
        h.errors["state"] += 1
        h.reason = f"cannot start: {type(e).__name__}: {e}"[:300]
        h.write(self.paths.landing_run(self.run_id) / "health" / f"{source.id}.json")

    # -- dispatch --------------------------------------------------------------------------------
    def on_response(self, response: Response, **kwargs: Any) -> None:
        ctx = self.contexts[response.meta["gc_source"]]
        handler = response.meta["gc_handler"]
        out: list[Request] = []
        before = ctx.outstanding
        try:
            if response.meta["gc_role"] != LIST or ctx.seen_list_page(response):
                for x in handler(response, ctx, **kwargs):
                    out.append(x)
        except Exception as e:  # a page we cannot read is this source's problem, not the crawl's
            self.logger.warning("%s: cannot read %s: %r", ctx.source.id, response.url, e)
            ctx.count_error("parse")
            ctx.failed(Failure(e), response.request)
            # Requests the handler made but never handed over would hold the source open forever.
            ctx.outstanding -= ctx.outstanding - before - len(out)
        finally:
            ctx.done_one()
        if out:
            self._schedule(out, response)

    def _schedule(self, requests: list[Request], response: Response) -> None:
        """Hand the requests a page led to straight to the engine, with the Referer header Scrapy's
        RefererMiddleware would give them.

        Returned from the callback instead, every request would pass through the chain of spider
        middlewares (async generators per middleware and request), which cost more CPU than all
        of the crawler's own middlewares (profiled) for the one header they add here. The policy
        is the middleware's own (settings, the page's Referrer-Policy header); its answer depends
        on the target only through the target's origin, so it is asked once per origin.
        """
        engine = self.crawler.engine
        assert engine is not None
        if self._referer_mw is None:
            self._referer_mw = _find_referer_middleware(self.crawler)
        policy = self._referer_mw.policy(response, requests[0]) if self._referer_mw else None
        referrers: dict[str, str | None] = {}
        for req in requests:
            if policy is not None:
                origin = _origin(req.url)
                if origin not in referrers:
                    referrers[origin] = policy.referrer(response.url, req.url)
                if (ref := referrers[origin]) is not None:
                    req.headers.setdefault("Referer", ref)
            engine.crawl(req)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        ctx = self.contexts[request.meta["gc_source"]]
        ctx.failed(failure, request)
        ctx.done_one()

    def on_closed(self, spider: scrapy.Spider, reason: str) -> None:
        for ctx in self.contexts.values():
            ctx.finish(interrupted=True)
        self.store.close()
        flush_announcements()

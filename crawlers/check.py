"""`greenchain sources check`: ask each source's list page once and say what became of it.

  ok                the page answers and lists items the way the registry expects
  moved             it redirects to a list elsewhere (the new URL is reported)
  gone              404/410, a name that no longer resolves, or a redirect to a home page
  template_changed  the page is now another CMS family, or its list markup changed since the
                    last verification (or the last crawl)
  zero_items        it answers 200 but lists nothing, and the source expects items
  failing           no usable answer (5xx, timeout, a firewall, refused by the safety rules)
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import urlsplit

from crawlers.families.json_api import ApiError, parse_json_list
from crawlers.fetch import Fetched, SafeFetcher
from crawlers.health import structure_signature
from crawlers.pages.family import compatible
from crawlers.pages.reading import summarize_list_page
from crawlers.state import SourceState
from greenchain.registry import Source, Template
from greenchain.registry_verification import Verification

RESULTS = ("ok", "moved", "gone", "template_changed", "zero_items", "failing")


@dataclass
class CheckResult:
    source_id: str
    result: str
    detail: str
    checked_at: str
    http_status: int | None
    final_url: str | None
    family_seen: str | None
    items_seen: int | None
    signature: str | None

    def verification(self, origin: str) -> Verification:
        return Verification(source_id=self.source_id, origin=origin, verified_at=self.checked_at,  # type: ignore[arg-type]
                            method="sources check", result=self.result, http_status=self.http_status,  # type: ignore[arg-type]
                            final_url=self.final_url, family_seen=self.family_seen, items_seen=self.items_seen,
                            signature=self.signature, detail=self.detail[:300])


def _same_place(a: str, b: str) -> bool:
    """Whether two URLs name the same list (index.* leaves and trailing slashes aside)."""
    def norm(u: str) -> tuple[str, str, str]:
        p = urlsplit(u)
        path = p.path
        for leaf in ("index.shtml", "index.html", "index.htm", "index.jsp"):
            path = path.removesuffix(leaf)
        return (p.hostname or "", path.rstrip("/"), p.query)
    return norm(a) == norm(b)


def _served_on(f: Fetched) -> date:
    raw = f.headers.get("date")
    try:
        return (parsedate_to_datetime(raw).astimezone(UTC) + timedelta(hours=8)).date() if raw else date.today()
    except (TypeError, ValueError):
        return date.today()


def _request(s: Source) -> tuple[str, bytes | None, dict[str, str] | None]:
    if s.template == Template.JSON_API:
        return "POST", json.dumps({"pageNo": 1, "pageSize": 20}).encode(), {"Content-Type": "application/json"}
    return "GET", None, None


def classify(s: Source, f: Fetched, previous_signature: str | None, now: str) -> CheckResult:
    """The verdict on one source from its fetched list page (pure: no network)."""
    def out(result: str, detail: str, family: str | None = None, items: int | None = None,
            sig: str | None = None) -> CheckResult:
        return CheckResult(s.id, result, detail, now, f.status, f.final_url, family, items, sig)

    moved_away = bool(f.redirects) and not _same_place(s.list_url, f.final_url)
    if f.error is not None:
        if f.error == "dns":
            return out("gone", f"{urlsplit(f.final_url).hostname} no longer resolves")
        return out("failing", f.error)
    assert f.status is not None
    if f.status in (404, 410):
        return out("gone", f"HTTP {f.status}" + (f" after a redirect to {f.final_url}" if moved_away else ""))
    if f.status >= 400 or not 200 <= f.status < 300:
        return out("failing", f"HTTP {f.status}")
    if moved_away and urlsplit(f.final_url).path in ("", "/", "/index.html", "/index.shtml", "/index.htm"):
        return out("gone", f"redirected to the site's home page {f.final_url}")
    if s.template == Template.JSON_API:
        try:
            page = parse_json_list(f.body, s.base_url, s.params.get("detail_path", "/"))
        except ApiError as e:
            return out("failing", f"list API: {e}"[:200])
        except (ValueError, KeyError, TypeError) as e:  # not JSON, or not this API's shape any more
            return out("template_changed", f"the list is no longer this JSON API: {type(e).__name__}: {e}"[:200])
        family, n = Template.JSON_API.value, len(page.items)
        sig = structure_signature(page.paths) if page.items else None
    else:
        summary = summarize_list_page(f.body, f.content_type, f.final_url, encoding=s.encoding,
                                      served_on=_served_on(f))
        if not compatible(s.template, summary.family):
            return out("template_changed", f"registered {s.template.value}, the page is {summary.family.value}",
                       summary.family.value, len(summary.entries), summary.signature)
        family, n, sig = summary.family.value, len(summary.entries), summary.signature
    if moved_away:
        return out("moved", f"the list is now at {f.final_url}", family, n, sig)
    if previous_signature and sig and sig != previous_signature:
        return out("template_changed", f"list markup changed (signature {previous_signature} → {sig})", family, n, sig)
    if n == 0:
        if s.min_items > 0:
            return out("zero_items", f"HTTP 200 with no items (min_items={s.min_items})", family, 0, None)
        return out("ok", "no items (the source may publish nothing: min_items=0)", family, 0, None)
    return out("ok", f"{n} items", family, n, sig)


def previous_signature(s: Source, last: Verification | None, state_dir: Path | None) -> str | None:
    """The list's signature when it last read well: the ledger's, else the last crawl's."""
    if last is not None and last.signature and last.result in ("ok", "observed"):
        return last.signature
    if state_dir is not None:
        f = state_dir / f"{s.id}.json"
        if f.exists():
            try:
                return SourceState.load(f, s.id).structure_signature
            except (ValueError, KeyError, OSError):
                return None
    return None


def check_sources(sources: Iterable[Source], fetcher: SafeFetcher, *, ledger: dict[str, Verification],
                  state_dir: Path | None = None, workers: int = 8,
                  on_done: Callable[[CheckResult], None] | None = None) -> list[CheckResult]:
    """Check every source (hosts in parallel, each host's sources one after another)."""
    by_host: dict[str, list[Source]] = {}
    for s in sources:
        by_host.setdefault(s.host, []).append(s)

    def one_host(ss: list[Source]) -> list[CheckResult]:
        out = []
        for s in ss:
            method, data, headers = _request(s)
            f = fetcher.fetch(s.list_url, method=method, data=data, headers=headers)
            now = datetime.now(UTC).isoformat(timespec="seconds")
            r = classify(s, f, previous_signature(s, ledger.get(s.id), state_dir), now)
            if on_done:
                on_done(r)
            out.append(r)
        return out

    with ThreadPoolExecutor(max(1, workers)) as pool:
        results = [r for rs in pool.map(one_host, by_host.values()) for r in rs]
    return results


def write_report(results: list[CheckResult], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(asdict(r), ensure_ascii=False) + "\n" for r in results), encoding="utf-8")

"""`greenchain sources discover URL`: from a bureau's home or section page, follow its navigation
to the columns greenchain collects and propose registry rows with their evidence.

Columns are recognised by their link text first (行政处罚, 处罚决定公开, 双公示, 责令改正, 超标排放,
重点排污单位名录, 依法披露 …) and by URL vocabulary (xzcf, cfjd, zlgz, cbpf, zdpw …) when the text says
nothing; names of rules, guides and lists of powers (裁量基准, 办法, 清单 …) and links to single
documents are not columns. Section links (信息公开, 政务公开, 执法, a 分局's sub-site) are followed
two levels deep on the same host. Each candidate column is fetched: its CMS family, items and pager
are read as the crawl would read them, and a column whose first article links spreadsheets or PDFs
is proposed as an attachment source.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urlsplit

from crawlers.check import _served_on
from crawlers.decoding import decode_body
from crawlers.families.attachment import parse_article_files
from crawlers.fetch import SafeFetcher
from crawlers.pages import links
from crawlers.pages.lists import chunks, clean, parse_html
from crawlers.pages.reading import PageSummary, summarize_list_page
from greenchain.registry import SourceKind, Template

KIND_TEXT: tuple[tuple[SourceKind, re.Pattern[str]], ...] = (
    (SourceKind.ORDER_TO_CORRECT, re.compile(r"责令(改正|整改)|限期(改正|整改)")),
    (SourceKind.MONITORING_EXCEEDANCE, re.compile(r"超标|在线监测|自动监测|监督性监测")),
    (SourceKind.KEY_POLLUTER_LIST, re.compile(r"重点排污单位|重点监管单位|监管重点单位|重点排污")),
    (SourceKind.ENTERPRISE_DISCLOSURE, re.compile(r"依法披露|环境信息披露")),
    (SourceKind.PENALTY_DECISION, re.compile(r"行政处罚|处罚决定|处罚信息|处罚公示|处罚强制|处罚案件|双公示")),
)
KIND_SLUGS: tuple[tuple[SourceKind, re.Pattern[str]], ...] = (
    (SourceKind.ORDER_TO_CORRECT, re.compile(r"(^|[/_])(zlgz|zlzg|xqzg|xqgz)")),
    (SourceKind.MONITORING_EXCEEDANCE, re.compile(r"(^|[/_])(cbpf|cbqk|cbxx|zxjccb)")),
    (SourceKind.KEY_POLLUTER_LIST, re.compile(r"(^|[/_])(zdpw|zddw|zdjg)")),
    (SourceKind.ENTERPRISE_DISCLOSURE, re.compile(r"(^|[/_])(yfpl|hjxxpl)")),
    (SourceKind.PENALTY_DECISION, re.compile(r"(^|[/_])(xzcf|cfjd|cfqz|sgs)")),
)
# A link text naming a rule, a guide or a list of powers about penalties, not the penalties themselves.
NOT_A_COLUMN = re.compile(r"裁量|基准|办法|规定|制度|标准|解读|指南|流程|依据|清单|事项|权力|听证|复议|许可|修复|"
                          r"决定书样|模板|通知|意见|方案|总结|报告|统计")
SECTION = re.compile(r"信息公开|政务公开|主动公开|公开目录|执法|监管|分局|生态环境局|部门信息")
MAX_NAV_PAGES = 30
MAX_DEPTH = 2


@dataclass
class Proposal:
    """A registry row proposed from what the site shows, with the evidence for it."""

    kind: SourceKind
    template: Template
    list_url: str
    authority: str | None
    link_text: str
    found_on: str
    items: int
    sample: str | None
    evidence: list[str] = field(default_factory=list)
    params: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"


@dataclass
class DiscoverReport:
    start_url: str
    proposals: list[Proposal]
    pages_read: int
    candidates_skipped: list[tuple[str, str]]  # (url, why)
    started_at: str


def column_kind(text: str, url: str) -> SourceKind | None:
    """The kind of column a navigation link leads to, or None when it is not one greenchain collects."""
    t = re.sub(r"\s+", "", text)
    if NOT_A_COLUMN.search(t):
        return None
    for kind, pat in KIND_TEXT:
        if pat.search(t):
            return kind
    if len(t) <= 6:  # a short or generic text: the URL's own words decide
        path = urlsplit(url).path.lower()
        for kind, pat in KIND_SLUGS:
            if pat.search(path):
                return kind
    return None


def _authority(title: str | None, fallback: str | None) -> str | None:
    """The bureau a page belongs to, from its title (`行政处罚_苏州市生态环境局`)."""
    if title:
        parts = [p.strip() for p in re.split(r"[_|\-—–·]", title) if p.strip()]
        for p in reversed(parts):
            if re.search(r"生态环境|环境保护|环保", p) and re.search(r"(局|厅|分局|委员会)$", p):
                return p
    return fallback


def _page_links(text: str, page_url: str) -> list[tuple[str, str]]:
    out = []
    for a in parse_html(text).iter("a"):
        href = a.get("href")
        if not href:
            continue
        url, _why = links.resolve(page_url, href)
        if url is None:
            continue
        label = clean(" ".join(chunks(a))) or clean(a.get("title")) or ""
        out.append((url, label))
    return out


def _is_attachment_column(fetcher: SafeFetcher, summary: PageSummary) -> bool:
    """Whether the column's newest article links files (xls, xlsx, pdf) rather than holding text."""
    first = next((e for e in summary.entries if links.is_document_url(e.url)), None)
    if first is None or urlsplit(first.url).path.lower().endswith((".pdf", ".xls", ".xlsx")):
        return False
    got = fetcher.fetch(first.url)
    if got.status != 200 or not got.body:
        return False
    files, _unknown, _refused = parse_article_files(decode_body(got.body, got.content_type, "utf-8")[0],
                                                    got.final_url)
    return bool(files)


def discover(fetcher: SafeFetcher, start_url: str, *, max_pages: int = MAX_NAV_PAGES) -> DiscoverReport:
    """Proposals for the collected columns reachable from `start_url` (nothing is written)."""
    started = datetime.now(UTC).isoformat(timespec="seconds")
    host = urlsplit(start_url).hostname
    queue: deque[tuple[str, int, str | None]] = deque([(start_url, 0, None)])
    seen_nav: set[str] = {start_url}
    candidates: dict[str, tuple[SourceKind, str, str, str | None]] = {}  # url -> (kind, text, found_on, authority)
    pages = 0
    skipped: list[tuple[str, str]] = []
    while queue and pages < max_pages:
        url, depth, inherited = queue.popleft()
        got = fetcher.fetch(url)
        pages += 1
        if got.status != 200 or not got.body:
            skipped.append((url, got.error or f"HTTP {got.status}"))
            continue
        text = decode_body(got.body, got.content_type, "utf-8")[0]
        summary_title = re.search(r"<title>(.*?)</title>", text, re.S)
        authority = _authority(summary_title.group(1) if summary_title else None, inherited)
        for link, label in _page_links(text, got.final_url):
            if urlsplit(link).hostname != host or link in seen_nav:
                continue
            kind = column_kind(label, link)
            if kind is not None and not links.is_document_url(link):
                candidates.setdefault(link, (kind, label, got.final_url, authority))
            elif depth < MAX_DEPTH and SECTION.search(label) and not links.is_document_url(link):
                seen_nav.add(link)
                queue.append((link, depth + 1, authority))
    proposals: list[Proposal] = []
    for url, (kind, label, found_on, authority) in candidates.items():
        got = fetcher.fetch(url)
        if got.status != 200 or not got.body:
            skipped.append((url, got.error or f"HTTP {got.status}"))
            continue
        summary = summarize_list_page(got.body, got.content_type, got.final_url, served_on=_served_on(got))
        if summary.family == Template.JSON_API:
            skipped.append((url, "a JSON answer: not a column page"))
            continue
        if not summary.entries and summary.jcms is None and (summary.pager is None or summary.pager.how == "none"):
            # No items, no datastore, no pager: the page may be an index of sub-columns.
            skipped.append((url, "no list on the page"))
            continue
        template = summary.family
        if template != Template.HANWEB_JCMS and _is_attachment_column(fetcher, summary):
            template = Template.ATTACHMENT
        evidence = [f"link {label!r} on {found_on}", f"family {summary.family.value}: " + "; ".join(summary.evidence)]
        evidence.append(f"{len(summary.entries)} items on the first page")
        params = dict(summary.jcms.params) if summary.jcms is not None else {}
        params = {k: v for k, v in params.items() if k in ("columnid", "unitid", "webid", "webname")}
        proposals.append(Proposal(kind, template, got.final_url, _authority(summary.title, authority), label,
                                  found_on, len(summary.entries),
                                  summary.entries[0].title if summary.entries else None, evidence, params,
                                  summary.encoding))
    return DiscoverReport(start_url, proposals, pages + len(candidates), skipped, started)

"""What a link on a list page is: a document, a column (navigation), a pager step, or something the
crawler must never fetch (`file:`, `ftp:`, `data:` …)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

FETCHABLE_SCHEMES = ("http", "https")
NOT_LINKS = ("javascript:", "mailto:", "tel:", "#", "about:")
# Link texts that move around the site rather than name a document.
NAV_TEXTS = frozenset(
    ["首页", "主页", "网站首页", "返回首页", "上一页", "下一页", "上页", "下页", "前页", "后页", "尾页", "末页", "最后一页", "第一页", "更多", "更多>>", "更多>", ">>", ">", "<", "<<", "»", "«", "›", "‹", "more", "more>>", "返回", "返回顶部", "打印", "打印本页", "关闭", "关闭窗口", "收藏", "加入收藏", "设为首页", "网站地图", "联系我们", "English", "无障碍", "繁体", "简体", "繁體", "登录", "注册", "搜索", "跳转", "确定", "go", "GO", "Go", "转到", "上一篇", "下一篇"]
)
ACTION_TEXTS = frozenset(["查看", "详情", "详细", "详细信息", "点击查看", "查看详情", "下载", "附件下载", "阅读全文", "全文", "原文"])
_BRACKETS = str.maketrans("", "", "【】[]()（）〔〕<>《》 \xa0\u3000")
_DOC_LEAF = re.compile(r"\.(s?html?|jhtml|xhtml|jsp|aspx?|php|pdf|docx?|xlsx?|wps|et|rar|zip)$", re.I)
_COLUMN_LEAF = re.compile(r"^(index|list|default|main)(_\d+)?\.\w+$", re.I)
_ID_QUERY = re.compile(r"(^|&)(id|aid|articleid|infoid|docid|contentid|newsid|guid|uuid)=", re.I)
_PAGER_QUERY = re.compile(r"(^|&)(page|pagenum|pageno|pageindex|curpage|currentpage|p)=\d+", re.I)


def resolve(page_url: str, href: str) -> tuple[str | None, str | None]:
    """(absolute URL, None) for a link the crawler may follow; (None, why) otherwise.

    `why` is None for things that are not links at all (javascript:, #top), or the scheme of a
    link that must never be fetched (file, ftp, data …): the caller counts those.
    """
    h = href.strip().replace("\\", "/") if href else ""
    if not h or h.lower().startswith(NOT_LINKS) or "\ue000" in h:
        return None, None  # not a link, or one a script computes (crawlers/pages/scripts.py EXPR)
    scheme = urlsplit(h).scheme.lower()
    if scheme and scheme not in FETCHABLE_SCHEMES:
        return None, scheme
    url = urljoin(page_url, h)
    parts = urlsplit(url)
    if parts.scheme.lower() not in FETCHABLE_SCHEMES or not parts.hostname:
        return None, parts.scheme.lower() or "no-scheme"
    return url.split("#", 1)[0], None


def is_nav_text(text: str) -> bool:
    if len(text) > 16:
        return False  # no navigation word is this long (and titles are)
    t = text.strip().translate(_BRACKETS)
    return not t or t in NAV_TEXTS or t.lower() in NAV_TEXTS or t.isdigit()


def is_action_text(text: str) -> bool:
    return len(text) <= 12 and text.strip().translate(_BRACKETS) in ACTION_TEXTS


def path_query(url: str) -> tuple[str, str]:
    """(path, query) of a URL or relative href, by string operations (urlsplit is slow in bulk)."""
    u = url.split("#", 1)[0]
    rest, _, query = u.partition("?")
    if "://" in rest:
        rest = rest.split("://", 1)[1]
        slash = rest.find("/")
        rest = rest[slash:] if slash >= 0 else "/"
    return rest, query


def column_parts(path: str, query: str) -> bool:
    leaf = path.rsplit("/", 1)[-1]
    if not leaf or _COLUMN_LEAF.match(leaf) or "/col/col" in path:
        return not _ID_QUERY.search(query)
    return bool(_PAGER_QUERY.search(query)) and not _ID_QUERY.search(query)


def document_parts(path: str, query: str) -> bool:
    if column_parts(path, query):
        return False
    return bool(_DOC_LEAF.search(path.rsplit("/", 1)[-1])) or bool(_ID_QUERY.search(query))


def is_column_url(url: str) -> bool:
    """A section of the site (folder, index/list page, jcms column, a pager step), not a document."""
    return column_parts(*path_query(url))


def is_document_url(url: str) -> bool:
    return document_parts(*path_query(url))


def under(url: str, folder_url: str) -> bool:
    """Whether `url` lies in the folder of `folder_url` (a page's own column)."""
    base = folder_url.split("?", 1)[0].rsplit("/", 1)[0] + "/"
    return url.startswith(base)


_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")


def refused_scheme(href: str) -> str | None:
    """The scheme of an href the crawler must never fetch (file, ftp, data …), else None."""
    m = _SCHEME.match(href)
    if m is None:
        return None
    scheme = m.group(1).lower()
    return None if scheme in FETCHABLE_SCHEMES or href.lower().startswith(NOT_LINKS) else scheme


def _dots_removed(path: str) -> str:
    """RFC 3986 dot-segment removal (`/a/b/../c/./d` → `/a/c/d`)."""
    out: list[str] = []
    parts = path.split("/")
    for i, seg in enumerate(parts):
        if seg == "..":
            if len(out) > 1:
                out.pop()
            if i == len(parts) - 1:
                out.append("")
        elif seg == ".":
            if i == len(parts) - 1:
                out.append("")
        else:
            out.append(seg)
    joined = "/".join(out)
    return joined if joined.startswith("/") else "/" + joined


class Joiner:
    """urljoin(page_url, href) for the shapes page links take, in a fraction of its time (pages
    hold dozens of links, and a crawl reads thousands of pages), plus where a link points."""

    def __init__(self, page_url: str) -> None:
        p = urlsplit(page_url)
        self.scheme = p.scheme
        self.origin = f"{p.scheme}://{p.netloc}"
        self.page_path = p.path or "/"
        self.dir_path = self.page_path.rsplit("/", 1)[0] + "/"
        self.dir_url = f"{self.origin}{self.dir_path}"

    def join(self, href: str) -> str:
        h = href.strip().replace("\\", "/").split("#", 1)[0]
        if h.startswith(("http://", "https://")):
            return h
        if h.startswith("//"):
            return f"{self.scheme}:{h}"
        if h.startswith("?"):
            return f"{self.origin}{self.page_path}{h}"
        path, sep, query = h.partition("?")
        full = path if path.startswith("/") else self.dir_path + path
        if "./" in full or full.endswith(("/.", "/..")):
            full = _dots_removed(full)
        return f"{self.origin}{full}{sep}{query}"

    def under(self, href: str) -> bool:
        """Whether the link points into the page's own folder (its column)."""
        if href.startswith(("http://", "https://")):
            return href.startswith(self.dir_url)
        if href.startswith("/"):
            return href.startswith(self.dir_path)
        return not href.startswith("../")

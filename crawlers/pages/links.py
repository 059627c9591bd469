"""What a link on a list page is: a document, a column (navigation), a pager step, or something the
crawler must never fetch (`file:`, `ftp:`, `data:` …)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

FETCHABLE_SCHEMES = ("http", "https")
_NOT_LINKS = ("javascript:", "mailto:", "tel:", "#", "about:")
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
    if not h or h.lower().startswith(_NOT_LINKS) or "\ue000" in h:
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
    t = text.strip().translate(_BRACKETS)
    return not t or t in NAV_TEXTS or t.lower() in NAV_TEXTS or t.isdigit()


def is_action_text(text: str) -> bool:
    return text.strip().translate(_BRACKETS) in ACTION_TEXTS


def is_column_url(url: str) -> bool:
    """A section of the site (folder, index/list page, jcms column, a pager step), not a document."""
    p = urlsplit(url)
    leaf = p.path.rsplit("/", 1)[-1]
    if not leaf or _COLUMN_LEAF.match(leaf) or "/col/col" in p.path:
        return not _ID_QUERY.search(p.query)
    return bool(_PAGER_QUERY.search(p.query)) and not _ID_QUERY.search(p.query)


def is_document_url(url: str) -> bool:
    p = urlsplit(url)
    if is_column_url(url):
        return False
    leaf = p.path.rsplit("/", 1)[-1]
    return bool(_DOC_LEAF.search(leaf)) or bool(_ID_QUERY.search(p.query))


def under(url: str, folder_url: str) -> bool:
    """Whether `url` lies in the folder of `folder_url` (a page's own column)."""
    base = folder_url.split("?", 1)[0].rsplit("/", 1)[0] + "/"
    return url.startswith(base)

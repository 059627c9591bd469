"""Home and section pages with realistic navigation, for `greenchain sources discover`.

Every host answers `/` with a bureau (or county government) home page: a top navigation, a dated
news block, 专题 links, and links to the information-disclosure section of each authority on the
host (a city bureau and its 分局 share the city's host). A section page lists the authority's
columns under the names real sites use (行政处罚 / 处罚决定公开 / 双公示, 责令改正, 超标排放,
重点排污单位名录, …) between columns that must not be proposed (行政许可, 环评审批, 政策法规, a
行政处罚裁量基准 document, …). JSON API portals are script-rendered: their home page has no
column links at all, as on the real single-page apps.
"""

from __future__ import annotations

import random
from typing import TYPE_CHECKING

from greenchain.registry import Source, SourceKind, Template
from simulator.render.detail import e

if TYPE_CHECKING:
    from simulator.site import SimulatedWeb

COLUMN_NAMES: dict[SourceKind, tuple[str, ...]] = {
    SourceKind.PENALTY_DECISION: ("行政处罚", "行政处罚决定", "行政处罚信息", "处罚决定公开", "环境行政处罚",
                                  "行政处罚公示", "双公示（行政处罚）", "处罚强制"),
    SourceKind.ORDER_TO_CORRECT: ("责令改正", "责令改正违法行为", "责令整改", "限期整改信息"),
    SourceKind.MONITORING_EXCEEDANCE: ("超标排放信息", "在线监测超标情况", "自动监测超标公示", "重点排污单位超标信息"),
    SourceKind.KEY_POLLUTER_LIST: ("重点排污单位名录", "环境监管重点单位名录", "重点监管单位名录"),
    SourceKind.ENTERPRISE_DISCLOSURE: ("企业环境信息依法披露",),
}
# Columns of the same sections that are not among what greenchain collects.
DECOYS = (("政策法规", "zcfg"), ("行政许可", "xzxk"), ("环评审批公示", "hpsp"), ("规划计划", "ghjh"),
          ("人事信息", "rsxx"), ("建议提案办理", "jyta"), ("财政预决算", "czyjs"), ("环境质量公报", "hjzlgb"),
          ("信用修复", "xyxf"), ("排污许可", "pwxk"))
DECOY_SLUGS = {slug: name for name, slug in DECOYS}
SECTION_NAMES = ("信息公开", "政务公开", "政府信息公开", "法定主动公开内容")
TOP_NAV = (("首页", "/"), ("机构概况", "/jggk/"), ("新闻动态", "/xwdt/"), ("环境质量", "/hjzl/"),
           ("办事服务", "/bsfw/"), ("互动交流", "/hdjl/"))


def column_name(s: Source, seed: int) -> str:
    names = COLUMN_NAMES[s.kind]
    return random.Random(f"{seed}:column-name:{s.id}").choice(names)


class HomePages:
    """The home page and section pages of every host of a SimulatedWeb."""

    def __init__(self, web: SimulatedWeb) -> None:
        self.web = web
        self._sections: dict[str, dict[str, list[Source]]] | None = None

    def sections(self, host: str) -> dict[str, list[Source]]:
        """Section path → the HTML columns it lists (one section per authority of the host)."""
        if self._sections is None:
            self._sections = {}
        if host not in self._sections:
            by_auth: dict[str, list[Source]] = {}
            for s in self.web.hosts[host]:
                if s.template != Template.JSON_API:
                    by_auth.setdefault(s.authority, []).append(s)
            main = self._main_authority(host)
            out: dict[str, list[Source]] = {}
            for auth, ss in by_auth.items():
                path = self._section_path(auth, ss, main)
                if path in out:  # two 分局 whose names spell alike (云安, 郁南: yunanfj) keep a section each
                    path = f"/fj/{ss[0].division_code}/"
                out[path] = ss
            self._sections[host] = out
        return self._sections[host]

    def _main_authority(self, host: str) -> str:
        ss = self.web.hosts[host]
        return min(ss, key=lambda s: (s.level.value == "county", len(s.list_path))).authority

    @staticmethod
    def _section_path(auth: str, ss: list[Source], main: str) -> str:
        """The main authority's section is /xxgk/; a 分局 on the city's host has its own sub-site."""
        if auth == main:
            return "/xxgk/"
        first = {s.list_path.split("/")[1] for s in ss if not s.list_path.startswith("/col/")}
        fj = sorted(seg for seg in first if seg.endswith("fj"))
        return f"/{fj[0]}/" if fj else f"/fj/{ss[0].division_code}/"

    def page(self, host: str, path: str) -> str | None:
        """The HTML of a home or section page, or None when `path` is neither."""
        if path in ("/", "/index.html", "/index.shtml"):
            return self.home(host)
        sections = self.sections(host)
        if path in sections:
            return self.section(host, path, sections[path])
        folder, _, slug = path.rstrip("/").rpartition("/")
        if path.endswith("/") and f"{folder}/" in sections and slug in DECOY_SLUGS:
            return self.decoy(host, path, DECOY_SLUGS[slug], sections[f"{folder}/"][0].authority)
        return None

    def decoy(self, host: str, path: str, name: str, authority: str) -> str:
        """A column greenchain does not collect, listing documents like any other column."""
        day = self.web.publisher.day_date(self.web.day)
        rng = random.Random(f"{self.web.seed}:decoy:{host}{path}")
        lis = "".join(f'<li><a href="./{day:%Y%m}/t{day:%Y%m%d}_{rng.randint(1000, 9999)}.html">{e(name)}（第{i}期）</a>'
                      f"<span>{day:%Y-%m-%d}</span></li>" for i in range(1, 4))
        return _shell(authority, f'<div class="column-title">{e(name)}</div><ul class="list">{lis}</ul>'
                                 '<script>createPageHTML(1, 0, "index", "shtml");</script>')

    def home(self, host: str) -> str:
        seed = self.web.seed
        rng = random.Random(f"{seed}:home:{host}")
        ss = self.web.hosts[host]
        main = self._main_authority(host)
        if all(s.template == Template.JSON_API for s in ss):
            return _spa_shell(main)
        sections = self.sections(host)
        nav = "".join(f'<li><a href="{h}">{n}</a></li>' for n, h in TOP_NAV)
        section_name = rng.choice(SECTION_NAMES)
        nav += f'<li><a href="/xxgk/">{section_name}</a></li>' if "/xxgk/" in sections else ""
        day = self.web.publisher.day_date(self.web.day)
        news = "".join(
            f'<li><a href="/xwdt/{day:%Y%m}/t{day:%Y%m%d}_{900 + i}.html">{e(t)}</a><span>{day:%Y-%m-%d}</span></li>'
            for i, t in enumerate(("召开全市生态环境保护工作会议", "开展“六五环境日”宣传活动",
                                   "通报第三季度环境质量状况")))
        own = sections.get("/xxgk/", [])
        featured = [s for s in own if rng.random() < 0.4]
        quick = "".join(f'<li><a href="{s.list_path}">{e(column_name(s, seed))}</a></li>' for s in featured)
        quick += '<li><a href="/xxgk/zcfg/202301/t20230105_101.html">行政处罚裁量基准</a></li>'
        subs = "".join(f'<li><a href="{p}">{e(ss_[0].authority)}</a></li>'
                       for p, ss_ in sorted(sections.items()) if p != "/xxgk/")
        body = (
            f'<div class="nav"><ul>{nav}</ul></div>\n'
            f'<div class="news"><h3>工作动态</h3><ul>{news}</ul><a href="/xwdt/">更多&gt;&gt;</a></div>\n'
            f'<div class="ztzl"><h3>专题专栏</h3><ul>{quick}</ul></div>\n'
            + (f'<div class="fj"><h3>分局信息公开</h3><ul>{subs}</ul></div>\n' if subs else "")
        )
        return _shell(main, body)

    def section(self, host: str, path: str, columns: list[Source]) -> str:
        seed = self.web.seed
        rng = random.Random(f"{seed}:section:{host}{path}")
        entries = [(column_name(s, seed), s.list_path) for s in columns]
        base = path.rstrip("/")
        entries += [(n, f"{base}/{slug}/") for n, slug in rng.sample(DECOYS, 5)]
        rng.shuffle(entries)
        lis = "".join(f'<li><a href="{h}" title="{e(n)}">{e(n)}</a></li>' for n, h in entries)
        crumb = '<div class="crumb">当前位置：<a href="/">首页</a> &gt; 信息公开</div>'
        return _shell(columns[0].authority, f'{crumb}\n<div class="xxgk-ml"><h3>信息公开目录</h3><ul>{lis}</ul></div>')


def _shell(authority: str, body: str) -> str:
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(authority)}</title>\n</head>\n<body>\n"
        f'<div class="header"><div class="logo">{e(authority)}</div></div>\n{body}\n'
        f'<div class="footer"><a href="/sitemap/">网站地图</a> <a href="/lxwm/">联系我们</a>'
        f"<p>主办单位：{e(authority)}</p></div>\n</body>\n</html>\n"
    )


def _spa_shell(authority: str) -> str:
    return (
        '<!DOCTYPE html>\n<html>\n<head>\n<meta charset="utf-8">\n'
        f"<title>{e(authority)}</title>\n</head>\n<body>\n<div id=\"app\"></div>\n"
        '<noscript>请启用JavaScript</noscript>\n<script src="/static/js/chunk-vendors.js"></script>'
        '<script src="/static/js/app.js"></script>\n</body>\n</html>\n'
    )

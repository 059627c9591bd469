"""Home and section pages with navigation (for `sources discover`), sites that moved, vanished or
changed CMS (for `sources check`), and the Date header every answer carries."""

from __future__ import annotations

import re
from email.utils import parsedate_to_datetime

from greenchain.registry import Template
from simulator.home import DECOY_SLUGS
from simulator.site import SimulatedWeb


def _text(resp) -> str:  # noqa: ANN001
    return resp.body.decode("gbk" if "GBK" in resp.headers.get("Content-Type", "") else "utf-8")


def test_home_links_each_authoritys_section_and_sections_list_every_html_column(web: SimulatedWeb) -> None:
    host = next(h for h, ss in web.hosts.items() if len({s.authority for s in ss}) >= 3)
    home = _text(web.handle("GET", host, "/"))
    sections = web.home.sections(host)
    assert len(sections) >= 3
    for path, columns in sections.items():
        assert f'href="{path}"' in home
        page = web.handle("GET", host, path)
        assert page.status == 200
        text = _text(page)
        assert columns[0].authority in text
        for s in columns:
            assert f'href="{s.list_path}"' in text
        decoys = re.findall(r'href="([^"]+/(\w+)/)"', text)
        assert any(slug in DECOY_SLUGS for _href, slug in decoys)
        for href, slug in decoys:
            if slug in DECOY_SLUGS:  # columns that are not collected still answer with a list
                assert web.handle("GET", host, href).status == 200


def test_json_portals_have_script_rendered_home_pages_without_links(web: SimulatedWeb) -> None:
    host = next(h for h, ss in web.hosts.items() if all(s.template == Template.JSON_API for s in ss))
    home = _text(web.handle("GET", host, "/"))
    assert '<div id="app">' in home and "<a " not in home


def test_moved_gone_and_changed_sites(make_web, web: SimulatedWeb, pick) -> None:  # noqa: ANN001
    trs = pick(web, Template.TRS_WCM, min_items=2)
    jcms = pick(web, Template.HANWEB_JCMS, min_items=2)
    api = pick(web, Template.JSON_API, min_items=2)
    table = pick(web, Template.HTML_TABLE, min_items=2)
    changed = make_web(**{trs.id: "moved", api.id: "moved", jcms.id: "template_changed",
                          table.id: "template_changed"})
    moved = changed.handle("GET", trs.host, trs.list_path)
    assert moved.status == 301 and moved.headers["Location"] == f"http://new.{trs.host}{trs.list_path}"
    there = changed.handle("GET", f"new.{trs.host}", trs.list_path)
    assert there.status == 200 and _text(there) == _text(web.handle("GET", trs.host, trs.list_path))
    posted = changed.handle("POST", api.host, api.list_path, {"content-type": "application/json"}, b"{}")
    assert posted.status == 308  # a moved API keeps the method
    assert "createPageHTML" in _text(changed.handle("GET", jcms.host, jcms.list_path))
    assert "<datastore>" in _text(changed.handle("GET", table.host, table.list_path))
    gone = make_web(**{trs.id: "gone"})
    assert gone.handle("GET", trs.host, trs.list_path).status == 404


def test_every_answer_states_the_simulated_day(make_web, pick, web: SimulatedWeb) -> None:  # noqa: ANN001
    s = pick(web, Template.TRS_WCM, min_items=1)
    for day in (1, 3):
        w = make_web(day=day)
        stamp = parsedate_to_datetime(w.handle("GET", s.host, s.list_path).headers["Date"])
        assert stamp.date() == w.publisher.day_date(day)


def test_every_html_column_of_every_host_is_on_one_section_page(web: SimulatedWeb) -> None:
    for host, sources in web.hosts.items():
        listed = [s.id for ss in web.home.sections(host).values() for s in ss]
        assert sorted(listed) == sorted(s.id for s in sources if s.template != Template.JSON_API), host

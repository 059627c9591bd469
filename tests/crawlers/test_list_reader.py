"""The generic list and pager readers on short pages written in the shapes real bureau sites use
(see ../shared/realdata/list-pages/ for the real ones)."""

from __future__ import annotations

from datetime import date

from crawlers.pages.dates import date_only, url_date, with_year
from crawlers.pages.lists import prepare, read_list
from crawlers.pages.pager import read_pager

URL = "http://sthjj.example.gov.cn/hjjc/xzcf/"


def read(body: str, url: str = URL, served: date = date(2026, 6, 12), newer: date | None = None):  # noqa: ANN201
    return read_list(f"<html><body>{body}</body></html>", url, served_on=served, newer_than=newer).entries


def pager(body: str, url: str = URL, page_no: int = 1):  # noqa: ANN201
    return read_pager(prepare(f"<html><body>{body}</body></html>"), url, page_no)


def test_dates_as_lists_print_them() -> None:
    assert date_only("2026-06-10") == date(2026, 6, 10)
    assert date_only("[2026/6/1]") == date(2026, 6, 1)
    assert date_only("发布日期：2026年6月10日") == date(2026, 6, 10)
    assert date_only("（06-10）") == (6, 10) and date_only("6月10日") == (6, 10)
    assert date_only("2026年第3号") is None and date_only("13-45") is None
    assert url_date("/art/2026/6/9/art_1_2.html") == date(2026, 6, 9)
    assert url_date("./202606/t20260610_1001.html") == date(2026, 6, 10)
    assert with_year(2, 29, date(2026, 3, 1)) == date(2024, 2, 29)


def test_year_less_dates_take_the_year_that_keeps_the_list_newest_first() -> None:
    rows = "".join(f'<tr><td><a href="content_{i}.html">某某化工有限公司行政处罚决定书{i}</a></td><td>{d}</td></tr>'
                   for i, d in enumerate(["01-03", "12-28", "12-28", "02-11"]))
    got = read(f"<table>{rows}</table>", served=date(2026, 1, 5))
    assert [e.date for e in got] == [date(2026, 1, 3), date(2025, 12, 28), date(2025, 12, 28), date(2025, 2, 11)]
    assert {e.date_from for e in got} == {"page-yearless"}
    # the next page continues from the last date of the page before it
    more = read('<table><tr><td><a href="content_9.html">某某印染有限公司行政处罚决定书</a></td><td>03-01</td></tr></table>',
                served=date(2026, 1, 5), newer=date(2025, 2, 11))
    assert more[0].date == date(2024, 3, 1)


def test_title_in_p_and_date_in_span_inside_the_link() -> None:
    body = "".join(f'<div class="news-item"><a href="./2026{m}/t2026{m}10_{i}.html"><p>某某纺织有限公司行政处罚决定书{i}</p>'
                   f"<span>2026-{m}-10</span></a></div>" for i, m in enumerate(["06", "05"]))
    got = read(f'<div class="news">{body}</div>')
    assert [(e.title, e.date) for e in got] == [("某某纺织有限公司行政处罚决定书0", date(2026, 6, 10)),
                                               ("某某纺织有限公司行政处罚决定书1", date(2026, 5, 10))]
    assert got[0].url == "http://sthjj.example.gov.cn/hjjc/xzcf/202606/t20260610_0.html"


def test_navigation_and_more_links_that_look_like_items_are_skipped() -> None:
    nav = ('<div class="list"><ul><li><a href="/xxgk/">信息公开</a></li><li><a href="/hjjc/xzcf/">行政处罚</a></li>'
           '<li><a href="/hjjc/zlgz/">责令改正</a></li></ul></div>')
    main = ('<div class="list"><ul>'
            '<li><a href="./202606/t20260610_1.html" title="某某电镀有限公司行政处罚决定书">某某电镀有限公司行政处罚...</a>'
            '<span>2026-06-10</span></li>'
            '<li><a href="./202606/t20260609_2.html">某某冶炼有限公司行政处罚决定书</a><span>2026-06-09</span></li>'
            '<li class="more"><a href="./">更多&gt;&gt;</a></li></ul></div>')
    got = read(nav + main)
    assert [e.title for e in got] == ["某某电镀有限公司行政处罚决定书", "某某冶炼有限公司行政处罚决定书"]


def test_the_longer_dated_column_list_wins_over_a_dated_sidebar() -> None:
    side = ('<div class="side"><h3>最新动态</h3><ul><li><a href="/xwzx/202606/t20260611_9.html">局长调研某某工作</a>'
            '<span>06-11</span></li></ul></div>')
    rows = "".join(f'<li><a href="./202606/t202606{10 - i:02d}_{i}.html">某某公司行政处罚决定书{i}</a><span>06-{10 - i:02d}</span></li>'
                   for i in range(3))
    got = read(side + f'<div class="main"><ul class="lb">{rows}</ul></div>')
    assert [e.url.rsplit("_", 1)[1] for e in got] == ["0.html", "1.html", "2.html"]


def test_flat_list_of_links_with_dates_after_them() -> None:
    body = ('<td class="text"><a href="show.asp?id=11">某某建材有限公司行政处罚决定书</a>（2026-06-10）<br>'
            '<a href="show.asp?id=10">某某造纸有限公司行政处罚决定书</a>（2026-06-08）<br></td>')
    got = read(f"<table><tr>{body}</tr></table>")
    assert [(e.url.rsplit("=", 1)[1], e.date) for e in got] == [("11", date(2026, 6, 10)), ("10", date(2026, 6, 8))]


def test_rows_whose_only_link_says_view_take_the_title_from_the_row() -> None:
    rows = "".join(f'<tr><td>{i}</td><td>某某化学有限公司环境违法行为处罚信息{i}</td><td>2026-06-0{i}</td>'
                   f'<td><a href="detail.jsp?id={i}">查看</a></td></tr>' for i in (2, 1))
    got = read(f"<table><tr><th>序号</th><th>名称</th><th>日期</th><th>操作</th></tr>{rows}</table>")
    assert [(e.title, e.date) for e in got] == [("某某化学有限公司环境违法行为处罚信息2", date(2026, 6, 2)),
                                               ("某某化学有限公司环境违法行为处罚信息1", date(2026, 6, 1))]


def test_lists_written_by_document_writeln_are_read() -> None:
    script = ("<script>var rows = 2;\n"
              "document.writeln(\"<li><a href='./202606/t20260610_7.html'>某某钢铁有限公司行政处罚决定书</a>"
              "<span>2026-06-10</span></li>\");\n"
              "document.writeln('<li><a href=\"./202605/t20260530_6.html\">某某水泥有限公司行政处罚决定书</a>'+\n"
              "  '<span>2026-05-30</span></li>');</script>")
    got = read(f'<ul class="list">{script}</ul>')
    assert [(e.url.rsplit("/", 1)[1], e.date) for e in got] == [("t20260610_7.html", date(2026, 6, 10)),
                                                                ("t20260530_6.html", date(2026, 5, 30))]


def test_links_to_file_and_other_schemes_are_reported_never_returned() -> None:
    body = ('<ul><li><a href="file:///etc/hostname">某某公司行政处罚决定书</a><span>2026-06-10</span></li>'
            '<li><a href="ftp://10.0.0.1/x.pdf">某某公司行政处罚决定书二</a><span>2026-06-09</span></li>'
            '<li><a href="./202606/t20260608_1.html">某某公司行政处罚决定书三</a><span>2026-06-08</span></li></ul>')
    read_ = read_list(f"<html><body>{body}</body></html>", URL, served_on=date(2026, 6, 12))
    assert [e.url for e in read_.entries] == ["http://sthjj.example.gov.cn/hjjc/xzcf/202606/t20260608_1.html"]
    assert read_.unsafe_links == ["file:///etc/hostname", "ftp://10.0.0.1/x.pdf"]


def test_a_page_of_navigation_only_has_no_items() -> None:
    assert read('<ul><li><a href="/">首页</a></li><li><a href="/xxgk/">信息公开</a></li>'
                '<li><a href="/hdjl/">互动交流</a></li></ul>') == []


def test_pager_calls_with_the_container_id_first_and_their_own_prefix() -> None:
    p = pager("<script>createPageHTML('page_div', 5, 2, 'list', 'shtml', 89);</script>",
              URL + "list_1.shtml", page_no=2)
    assert (p.current, p.total_pages, p.total_records, p.next_url) == (2, 5, 89, URL + "list_2.shtml")
    short = pager('<script>createPage(3, 0, "index", "htm");</script>', URL)
    assert short.next_url == URL + "index_1.htm"


def test_last_page_has_no_next_page_whatever_its_links_say() -> None:
    p = pager('<script>createPageHTML(3, 2, "index", "shtml");</script><a href="index_3.shtml">下一页</a>',
              URL + "index_2.shtml", page_no=3)
    assert p.next_url is None and p.total_pages == 3


def test_next_links_in_their_spellings_and_javascript_links_ignored() -> None:
    assert pager('<a href="?page=3">下页</a>', URL + "?page=2", 2).next_url == URL + "?page=3"
    assert pager('<a href="list_4.html">[&gt;]</a>', URL + "list_3.html", 3).next_url == URL + "list_4.html"
    assert pager('<a href="javascript:goPage(2)">下一页</a>', URL).next_url is None


def test_page_counts_in_text_with_the_url_pattern() -> None:
    p = pager("<div>共5页 当前第1页</div>", URL + "index.jsp?page=1")
    assert (p.total_pages, p.next_url) == (5, URL + "index.jsp?page=2")
    p = pager('<div class="pages">页次：2/4 每页20条</div>', URL + "list_2.html", 2)
    assert (p.total_pages, p.next_url) == (4, URL + "list_3.html")
    p = pager("<div>共 <b>120</b> 条记录</div>", URL)
    assert p.total_records == 120 and p.next_url is None  # a count alone says not where page 2 is


def test_inline_var_pager_that_writes_its_own_links() -> None:
    script = ('<script>var currentPage = 1;//所在页从0开始\nvar nextPage = currentPage+1//下一页\nvar countPage = 4\n'
              'if(currentPage!=(countPage-1))\n'
              '  document.write("<a href=\\"index"+"_" + nextPage + "."+"shtml\\" class=\'fanye\'>下一页</a>");\n'
              "</script>")
    p = pager(script, URL + "index_1.shtml", page_no=2)
    assert (p.current, p.total_pages, p.next_url) == (2, 4, URL + "index_2.shtml")
    first = pager(script.replace("currentPage = 1", "currentPage = 0"), URL)
    assert first.next_url == URL + "index_1.shtml"  # the folder URL is page 1

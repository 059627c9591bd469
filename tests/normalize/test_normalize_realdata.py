"""The real penalty pages of ../shared/realdata/penalty-pages, read end to end against their
hand-read truth (bench/parse_real.py scores them). Skipped only when the folder is absent."""

import pytest

from bench.parse_real import CORPUS, load, score, summary

pytestmark = pytest.mark.skipif(not (CORPUS / "manifest.jsonl").is_file(), reason=f"{CORPUS} is absent")


@pytest.fixture(scope="module")
def result():
    return score(load(CORPUS))


def test_stated_values_are_read_and_wrong_values_are_rare(result):
    dev, whole = summary(result["table"]["dev"]), summary(result["table"]["all"])
    assert dev["correct_share"] >= 0.97, dev
    assert whole["correct_share"] >= 0.93 and whole["wrong_share"] <= 0.01, whole


def test_no_prior_notice_ever_becomes_a_violation_and_negative_pages_yield_nothing(result):
    assert result["extra"]["all"].get("prior_notices_as_violations", 0) == 0
    assert result["extra"]["all"]["spurious_records"] == 0


def test_each_real_page_served_as_html_with_navigation_and_a_footer_reads_like_its_text():
    """The corpus is text; sites serve HTML. The same document inside a page with a navigation list
    and a footer printing the bureau's address must give the same records."""
    import html

    from bench.parse_real import actual
    from normalize.document import read_document

    nav = "".join(f'<li><a href="/c{i}/">栏目{i}</a></li>' for i in range(12))
    for page in load(CORPUS):
        text = page.raw.decode("utf-8")
        body = "".join(f"<p>{html.escape(line)}</p>" for line in text.split("\n"))
        doc = (f'<html><head><meta charset="utf-8"></head><body><ul class="nav">{nav}</ul><div class="c">{body}</div>'
               '<div class="ft"><p>地址：某某市人民路1号 电话：0000-12369</p></div></body></html>')  # fmt: skip
        as_text = read_document(page.raw, url="t.txt", doc_type="text", declared_encoding="utf-8", source_id="r").records
        as_html = read_document(doc.encode(), url="t.html", doc_type="html", declared_encoding="utf-8", source_id="r").records
        assert [actual(r) for r in as_html] == [actual(r) for r in as_text], page.file

"""Time-boxed fuzzing of the document readers with Hypothesis: HTML, JSON, xls, xlsx and PDF.

Each document type gets an equal share of the time. Inputs are of two kinds: documents built from
the taxonomy's own labels and JSON keys, real page text (../shared/realdata) and random text, so
they reach the layouts' deeper paths; and the same documents with bytes flipped, inserted, deleted
or cut, so they reach the error paths of the file formats. Every input is read by
normalize.document.read_document in a worker of normalize.pool under the default per-document
limits, like a run reads it.

A crash is an exception other than a quarantine escaping read_document, or a dead worker: in a
run either would still only quarantine the document, but it is a reader bug all the same. Going
over a limit is counted apart ("resource limit"). Crashing inputs are saved under
bench/fuzz-crashes/ (not committed) for reproduction.
"""

from __future__ import annotations

import contextlib
import hashlib
import html
import io
import json
import re
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from greenchain.paths import PROJECT_ROOT
from greenchain.settings import DocumentLimits
from normalize.layouts.base import NoRecordsHere, QuarantineError
from normalize.pool import Failure, WorkerPool

DOC_TYPES = ("html", "json", "xls", "xlsx", "pdf")
CRASH_DIR = Path(__file__).resolve().parent / "fuzz-crashes"
REALDATA = PROJECT_ROOT.parent / "shared" / "realdata" / "penalty-pages" / "pages"
_WRAPPERS = ["data", "result", "rows", "list", "records", "obj"]


@cache
def _vocab() -> tuple[list[str], list[str], list[str]]:
    """(labels, JSON keys, text snippets): the taxonomy's vocabulary and real page text."""
    from normalize.taxonomy import default_taxonomy

    tax = default_taxonomy()
    snippets: list[str] = []
    if REALDATA.is_dir():
        for f in sorted(REALDATA.glob("*.txt"))[:60]:
            text = f.read_text(encoding="utf-8")
            snippets.extend(text[i : i + 120] for i in range(0, min(len(text), 1200), 120))
    snippets = snippets or ["苏州某某电子有限公司", "苏环罚字〔2023〕1号", "罚款人民币贰拾万元整", "2023年5月12日"]
    return sorted(tax.labels), sorted(tax.json_keys), snippets


@cache
def _text() -> st.SearchStrategy[str]:
    labels, _, snippets = _vocab()
    return st.one_of(
        st.sampled_from(labels),
        st.sampled_from(snippets),
        st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
        st.dates().map(lambda d: f"{d.year}年{d.month}月{d.day}日"),
        st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False).map(str),
        st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=18, max_size=18),
    )


@cache
def _by_field() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(labels of each field, JSON keys of each field)."""
    from normalize.taxonomy import default_taxonomy

    tax = default_taxonomy()
    labels: dict[str, list[str]] = {}
    keys: dict[str, list[str]] = {}
    for label, f in sorted(tax.labels.items()):
        labels.setdefault(f, []).append(label)
    for key, f in sorted(tax.json_keys.items()):
        keys.setdefault(f, []).append(key)
    return labels, keys


_HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)


@cache
def _value(field: str) -> st.SearchStrategy[str]:
    """Text in the shape a field is printed in, or (one time in four) anything."""
    shaped = {
        "party_name": st.tuples(st.text(_HAN, min_size=2, max_size=10), st.sampled_from(["有限公司", "厂", "有限责任公司分公司", "养殖场", ""])).map("".join),
        "decision_no": st.tuples(st.text(_HAN, min_size=1, max_size=4), st.sampled_from(["环罚", "环罚字", "环法"]), st.sampled_from(["〔", "[", "（", "("]),
                                 st.integers(1990, 2030), st.sampled_from(["〕", "]", "）", ")"]), st.integers(0, 9999)).map(lambda t: f"{t[0]}{t[1]}{t[2]}{t[3]}{t[4]}{t[5]}号"),
        "authority": st.text(_HAN, min_size=2, max_size=4).map(lambda a: f"{a}市生态环境局"),
        "decision_date": st.tuples(st.dates(), st.sampled_from(["{y}-{m:02d}-{d:02d}", "{y}年{m}月{d}日", "{y}/{m}/{d}", "{y}.{m}.{d}"])).map(lambda t: t[1].format(y=t[0].year, m=t[0].month, d=t[0].day)),
        "uscc": st.text(alphabet="0123456789ABCDEFGHJKLMNPQRTUWXY", min_size=18, max_size=18),
        "fine_yuan": st.one_of(st.integers(0, 10**8).map(str), st.text(_HAN, max_size=8).map(lambda t: f"罚款{t}元")),
        "fine_wan": st.decimals(0, 10**4, places=2, allow_nan=False).map(str),
    }.get(field)
    return _text() if shaped is None else st.one_of(shaped, shaped, shaped, _text())


@cache
def _record_fields() -> st.SearchStrategy[list[str]]:
    """The fields of one record: the mandatory ones and a few more, in any order."""
    labels, _ = _by_field()
    core = ["party_name", "decision_no", "authority", "decision_date"]
    return st.tuples(st.lists(st.sampled_from(sorted(labels)), max_size=8, unique=True), st.randoms(use_true_random=False)).map(
        lambda t: t[1].sample(list(dict.fromkeys(core + t[0])), len(dict.fromkeys(core + t[0]))))


def _rows() -> st.SearchStrategy[list[list[str]]]:
    """A title, a header row of labels and data rows whose cells fit (mostly) their column."""
    labels, _ = _by_field()

    @st.composite
    def table(draw: st.DrawFn) -> list[list[str]]:
        fields = draw(_record_fields())
        header = [draw(st.sampled_from(labels[f])) for f in fields]
        body = [[draw(_value(f)) for f in fields] for _ in range(draw(st.integers(0, 12)))]
        title = draw(st.lists(_text(), max_size=2))
        return [title, header, *body]

    return st.one_of(table(), st.lists(st.lists(_text(), max_size=12), max_size=25))


# --- documents of each type ---------------------------------------------------------------------


def _html_tree() -> st.SearchStrategy[str]:
    leaf = _text().map(html.escape)

    def node(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        tags = st.sampled_from(["table", "tr", "td", "th", "div", "p", "span", "b", "tbody", "font", "br", "ul", "li"])
        return st.tuples(tags, st.lists(children, max_size=5)).map(lambda t: f"<{t[0]}>{''.join(t[1])}</{t[0]}>")

    return st.recursive(leaf, node, max_leaves=60)


def _html_label_table() -> st.SearchStrategy[str]:
    labels, _ = _by_field()

    @st.composite
    def pairs(draw: st.DrawFn) -> list[tuple[str, str]]:
        return [(draw(st.sampled_from(labels[f])), draw(_value(f))) for f in draw(_record_fields())]

    def render(ps: list[tuple[str, str]], style: str) -> str:
        if style == "table":
            return "<table>" + "".join(f"<tr><td>{html.escape(a)}</td><td>{html.escape(b)}</td></tr>" for a, b in ps) + "</table>"
        return "".join(f"<p>{html.escape(a)}：{html.escape(b)}</p>" for a, b in ps)

    return st.tuples(pairs(), st.sampled_from(["table", "prose"])).map(lambda t: render(*t))


def html_docs() -> st.SearchStrategy[bytes]:
    body = st.one_of(_html_tree(), _html_label_table(), st.lists(_text(), max_size=30).map(lambda ps: "".join(f"<p>{html.escape(p)}</p>" for p in ps)))
    deep = st.integers(1, 3000).map(lambda d: "<div>" * d + "处罚" + "</div>" * d)
    doc = st.one_of(body, body, deep).map(lambda b: f"<html><head><meta charset='utf-8'></head><body>{b}</body></html>".encode())
    return st.one_of(doc, doc, _mutated(doc))


def json_docs() -> st.SearchStrategy[bytes]:
    _, keys, _ = _vocab()
    key = st.one_of(st.sampled_from(keys), st.sampled_from(_WRAPPERS), st.text(max_size=8))
    scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), _text())
    value = st.recursive(scalar, lambda c: st.one_of(st.lists(c, max_size=5), st.dictionaries(key, c, max_size=8)), max_leaves=40)
    by_key = _by_field()[1]

    @st.composite
    def record(draw: st.DrawFn) -> dict[str, Any]:
        fields = [f for f in draw(_record_fields()) if f in by_key]
        return {draw(st.sampled_from(by_key[f])): draw(st.one_of(_value(f), _value(f), scalar)) for f in fields}

    doc = st.one_of(value, record(), st.tuples(st.sampled_from(_WRAPPERS), st.lists(record(), max_size=5)).map(lambda t: {t[0]: t[1]}))
    lone = st.sampled_from(["", "\\ud800", "\\udfff", "\\ud83d"])  # escapes of half a UTF-16 pair
    encoded = st.tuples(doc, lone).map(lambda t: json.dumps(t[0], ensure_ascii=False).replace("公司", "公司" + t[1], 1).encode())
    deep = st.tuples(st.integers(1, 100_000), st.sampled_from(["[", '{"data":'])).map(lambda t: (t[1] * t[0] + "1" + ("]" if t[1] == "[" else "}") * t[0]).encode())
    return st.one_of(encoded, encoded, deep, _mutated(encoded))


_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xlsx(rows: list[list[str]]) -> bytes:
    """The rows as an .xlsx of inline strings (a zip of XML written here: ~50x faster than openpyxl)."""
    from bench.hostile_inputs import _NS, _xlsx

    def cell(c: str) -> str:
        return f'<c t="inlineStr"><is><t xml:space="preserve">{html.escape(_XML_ILLEGAL.sub("", c), quote=False)}</t></is></c>'

    xml = f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'
    xml += "".join(f"<row>{''.join(cell(c) for c in r)}</row>" for r in rows) + "</sheetData></worksheet>"
    return _xlsx([(xml.encode(), 1)])


def _xls(rows: list[list[str]]) -> bytes:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("Sheet1")
    for i, r in enumerate(rows[:60000]):
        for j, c in enumerate(r[:256]):
            ws.write(i, j, c[:32767])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _pdf(rows: list[list[str]]) -> bytes:
    """A ruled table drawn with reportlab's CID font (not embedded, like real exports)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, invariant=1)
    ncol = max((len(r) for r in rows), default=1) or 1
    w = 500 / ncol
    y = 800
    for r in rows:
        for j in range(ncol):
            c.rect(40 + j * w, y - 14, w, 14)
            if j < len(r):
                c.setFont("STSong-Light", 6)
                c.drawString(42 + j * w, y - 10, "".join(ch for ch in r[j] if ch.isprintable())[:40])
        y -= 14
        if y < 40:
            c.showPage()
            y = 800
    c.showPage()
    c.save()
    return buf.getvalue()


def attachment_docs(write: Callable[[list[list[str]]], bytes]) -> st.SearchStrategy[bytes]:
    doc = _rows().map(write)
    return st.one_of(doc, _mutated(doc))


def _mutated(docs: st.SearchStrategy[bytes]) -> st.SearchStrategy[bytes]:
    """Documents with a few bytes flipped, inserted or deleted, or cut short."""
    edit = st.tuples(st.sampled_from(["flip", "insert", "delete", "cut"]), st.floats(0, 1), st.binary(min_size=1, max_size=8))

    def apply(doc: bytes, edits: list[tuple[str, float, bytes]]) -> bytes:
        b = bytearray(doc)
        for op, where, data in edits:
            i = int(where * len(b))
            if op == "flip" and b:
                b[min(i, len(b) - 1)] ^= data[0] or 1
            elif op == "insert":
                b[i:i] = data
            elif op == "delete":
                del b[i : i + len(data)]
            else:
                del b[max(i, 1) :]
        return bytes(b)

    return st.tuples(docs, st.lists(edit, min_size=1, max_size=6)).map(lambda t: apply(*t))


STRATEGIES: dict[str, Callable[[], st.SearchStrategy[bytes]]] = {
    "html": html_docs,
    "json": json_docs,
    "xls": lambda: attachment_docs(_xls),
    "xlsx": lambda: attachment_docs(_xlsx),
    "pdf": lambda: attachment_docs(_pdf),
}


# --- running ------------------------------------------------------------------------------------


def _read(item: tuple[str, bytes]) -> tuple[str, str]:
    """In a worker: read one document like a run; ('records'|'quarantined'|'no records'|'error', detail)."""
    from normalize.document import read_document

    doc_type, raw = item
    try:
        res = read_document(raw, url=f"http://fuzz.example/doc.{doc_type}", doc_type=doc_type, declared_encoding=None,
                            source_id="fuzz", kind="penalty_decision")  # fmt: skip
    except (QuarantineError, NoRecordsHere) as e:
        return "quarantined", str(e)
    except MemoryError:
        raise
    except Exception as e:  # noqa: BLE001 - what the fuzz looks for
        return "error", f"{type(e).__name__}: {e}"[:300]
    if res.records:
        return "records", str(len(res.records))
    return ("no records", res.no_records or "") if res.no_records else ("quarantined", res.quarantined[0].reason if res.quarantined else "")


def _save_crash(doc_type: str, raw: bytes) -> str:
    CRASH_DIR.mkdir(exist_ok=True)
    path = CRASH_DIR / f"{doc_type}-{hashlib.sha256(raw).hexdigest()[:16]}.bin"
    path.write_bytes(raw)
    return str(path.relative_to(PROJECT_ROOT))


def fuzz_type(doc_type: str, seconds: float, pool: WorkerPool[tuple[str, bytes], tuple[str, str]]) -> dict[str, Any]:
    """Fuzz one document type for `seconds`; its figures."""
    stats: dict[str, Any] = {"documents": 0, "crashes": 0, "resource_limits": 0, "with_records": 0,
                             "slowest_s": 0.0, "slowest_bytes": 0, "peak_mb": 0.0, "largest_bytes": 0, "crash_examples": []}  # fmt: skip
    deadline = time.monotonic() + seconds

    @settings(max_examples=50, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck), report_multiple_bugs=False)  # fmt: skip
    @given(STRATEGIES[doc_type]())
    def one(raw: bytes) -> None:
        if time.monotonic() > deadline:
            raise _TimeUp
        out, cost = pool.run((doc_type, raw))
        stats["documents"] += 1
        stats["largest_bytes"] = max(stats["largest_bytes"], len(raw))
        if cost.wall_s > stats["slowest_s"]:
            stats["slowest_s"], stats["slowest_bytes"] = cost.wall_s, len(raw)
        if cost.peak_mb is not None:
            stats["peak_mb"] = max(stats["peak_mb"], cost.peak_mb)
        if isinstance(out, Failure) and out.reason.startswith("resource limit"):
            stats["resource_limits"] += 1
        elif isinstance(out, Failure) or out[0] == "error":
            stats["crashes"] += 1
            if len(stats["crash_examples"]) < 5:
                why = out.reason if isinstance(out, Failure) else out[1]
                stats["crash_examples"].append({"error": why, "input": _save_crash(doc_type, raw)})
        elif out[0] == "records":
            stats["with_records"] += 1

    with contextlib.suppress(_TimeUp):
        while time.monotonic() < deadline:
            one()
    return stats


class _TimeUp(Exception):
    """Raised inside a Hypothesis example to end the run: generation stops at the first failure."""


def run(seconds: float = 300, limits: DocumentLimits | None = None) -> dict[str, Any]:
    """Fuzz every document type for an equal share of `seconds`; figures per type and in total."""
    from normalize.document import preload_reference_data

    limits = limits or DocumentLimits()
    preload_reference_data()
    _vocab()
    # the readers' libraries, imported before the worker forks: the first document of each type
    # would otherwise count their import as its own time
    import openpyxl  # noqa: F401
    import pdfminer.pdfinterp  # noqa: F401
    import pypdfium2  # noqa: F401
    import python_calamine  # noqa: F401
    import xlrd  # noqa: F401
    per_type: dict[str, Any] = {}
    with WorkerPool(_read, workers=1, time_s=limits.time_s, memory_mb=limits.memory_mb) as pool:
        for doc_type in DOC_TYPES:
            per_type[doc_type] = fuzz_type(doc_type, seconds / len(DOC_TYPES), pool)
            print(f"fuzz {doc_type}: {json.dumps(per_type[doc_type], ensure_ascii=False)}", flush=True)
    return {
        "seconds": seconds,
        "documents": sum(t["documents"] for t in per_type.values()),
        "crashes": sum(t["crashes"] for t in per_type.values()),
        "by_type": per_type,
    }

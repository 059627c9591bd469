"""Reading documents as real bureaus publish them: the structure they share, not one site's markup.

A document's text (a plain-text page, or the text of an HTML page's body) is read by:
  view.py      the printed text and a matching form (simplified, half-width, no injected pinyin)
  segments.py  lines, table cells and the fields a flattened line runs together
  labels.py    label/value pairs (地址：…, `label | value` cells, [ 成文日期 ] bullets)
  header.py    title (→ kind), authority, the document's own number
  party.py     the party block: labels, addressee line, bare name line, narrative opening
  body.py      facts, provisions violated, basis, the decision, the signature (authority, date)
  template.py  the national template / label records → one RawItem
  report.py    news and announcements → one RawItem per reported penalty
  cell_table.py a row table flattened to text (`cell |` lines) → one RawItem per row
Every value keeps the span of the printed text it was read from (RawItem.spans).
"""

from __future__ import annotations

from normalize.layouts.base import RawItem
from normalize.taxonomy import Taxonomy


def read_text(text: str, taxonomy: Taxonomy, *, layout: str = "text") -> list[RawItem]:
    """The records a document's text holds: a flattened row table's rows, else the template's one,
    else the penalties a report states, else none."""
    from normalize.reading.cell_table import read_cell_table
    from normalize.reading.doc import Doc
    from normalize.reading.labels import label_regex
    from normalize.reading.report import read_listed_units, read_report
    from normalize.reading.template import read_template
    from normalize.reading.view import make_view

    if "|" in text and (rows := read_cell_table(text, taxonomy, parser=f"{layout}.cell_table")):
        return rows
    doc = Doc(make_view(text, label_regex(taxonomy)), taxonomy)
    item = read_template(doc, parser=f"{layout}.template")
    if item is not None:
        return [item]
    items = read_report(doc) or read_listed_units(doc)
    for it in items:
        it.parser = it.parser.replace("text.", f"{layout}.", 1)
    return items

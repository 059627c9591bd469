"""What list pages hide in scripts: markup written by `document.write(…)`, JS object literals
(`var param_212860={columnid:33718,unitid:'212860'}`, `.jpage({…})`) and string arrays
(`InitData49468=['title[2014-07-14]',…]`).

No JavaScript is run: string literals are read as written, so both branches of an `if` count
(a link written only in a dead branch is read too: it points into the same site, and missing a
document costs more than fetching one link too many).
"""

from __future__ import annotations

import html
import re

_WRITE = re.compile(r"document\s*\.\s*write(?:ln)?\s*\(")
EXPR = "\ue000"  # where written markup had a JavaScript expression instead of a literal
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "", "f": "", "v": "", "0": ""}


def _string_at(text: str, i: int) -> tuple[str, int]:
    """The JS string literal starting at text[i] (a quote) and the index after it."""
    quote = text[i]
    out: list[str] = []
    j = i + 1
    n = len(text)
    while j < n:
        c = text[j]
        if c == "\\" and j + 1 < n:
            nxt = text[j + 1]
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[j + 2 : j + 6]):
                out.append(chr(int(text[j + 2 : j + 6], 16)))
                j += 6
                continue
            out.append(_ESCAPES.get(nxt, nxt))
            j += 2
            continue
        if c == quote:
            return "".join(out), j + 1
        if c == "\n" and quote != "`":
            break  # an unterminated literal: stop at the line end
        out.append(c)
        j += 1
    return "".join(out), j


def call_arguments(text: str, open_paren: int) -> tuple[list[str], int]:
    """String literals inside the call whose '(' is at `open_paren`, and the index after its ')'.

    Whatever is not a literal (a variable, `(countPage-1)`) becomes one EXPR placeholder, so
    `"index_" + nextPage + ".shtml"` reads as `index_\ue000.shtml`.
    """
    depth = 0
    j = open_paren
    parts: list[str] = []
    expr: list[str] = []
    n = len(text)

    def flush() -> None:
        if "".join(expr).strip(" +\t\r\n"):
            parts.append(EXPR)
        expr.clear()

    while j < n:
        c = text[j]
        if c in "'\"`":
            flush()
            s, j = _string_at(text, j)
            parts.append(s)
            continue
        if c == "(":
            depth += 1
            if depth == 1:
                j += 1
                continue
        elif c == ")":
            depth -= 1
            if depth == 0:
                flush()
                return parts, j + 1
        expr.append(c)
        j += 1
    return parts, n


def written_markup(script: str) -> str:
    """Everything the script's document.write/writeln calls write, as one HTML string.

    A page saved with its scripts HTML-escaped (`&lt;a href=…&gt;`) is read as if it were not.
    """
    chunks: list[str] = []
    pos = 0
    while m := _WRITE.search(script, pos):
        parts, pos = call_arguments(script, m.end() - 1)
        chunks.append("".join(parts))
    out = "".join(chunks)
    if "&lt;" in out and "<" not in out:
        out = html.unescape(out)
    return out


# --- JS object literals -------------------------------------------------------------------------

_KEY = re.compile(r"\s*([A-Za-z_$][\w$]*|'[^']*'|\"[^\"]*\")\s*:\s*")


def object_literal(text: str, open_brace: int) -> tuple[dict[str, object], int]:
    """A flat-ish JS object literal starting at text[open_brace] == '{': nested objects become dicts,
    strings and numbers become str, anything else (identifiers, functions) its source text."""
    out: dict[str, object] = {}
    j = open_brace + 1
    n = len(text)
    while j < n:
        while j < n and text[j] in " \t\r\n,":
            j += 1
        if j >= n or text[j] == "}":
            return out, j + 1
        m = _KEY.match(text, j)
        if m is None:
            return out, _skip_to_close(text, j)
        key = m.group(1).strip("'\"")
        j = m.end()
        if j < n and text[j] == "{":
            val, j = object_literal(text, j)
            out[key] = val
            continue
        if j < n and text[j] in "'\"":
            s, j = _string_at(text, j)
            out[key] = s
            continue
        start = j
        depth = 0
        while j < n:
            c = text[j]
            if c in "([{":
                depth += 1
            elif c in ")]}":
                if depth == 0:
                    break
                depth -= 1
            elif c == "," and depth == 0:
                break
            elif c in "'\"":
                _s, j = _string_at(text, j)
                continue
            j += 1
        out[key] = text[start:j].strip()
    return out, n


def _skip_to_close(text: str, j: int) -> int:
    depth = 1
    while j < len(text) and depth:
        if text[j] == "{":
            depth += 1
        elif text[j] == "}":
            depth -= 1
        j += 1
    return j


def string_array(text: str, open_bracket: int) -> list[str]:
    """The string literals of a JS array literal starting at text[open_bracket] == '['."""
    out: list[str] = []
    j = open_bracket + 1
    while j < len(text):
        c = text[j]
        if c in "'\"":
            s, j = _string_at(text, j)
            out.append(s)
            continue
        if c == "]":
            break
        j += 1
    return out

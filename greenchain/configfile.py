"""Load configuration files into pydantic models, with errors that name file, line and key.

YAML is read through the node tree so every value keeps its line number; CSV rows are
validated one by one so a bad row names its line and column. A bad config never
half-loads: the first error raises `ConfigError` with a one-line, fixable message.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

M = TypeVar("M", bound=BaseModel)

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class ConfigError(ValueError):
    """A configuration file is wrong; the message says where and what was expected."""


def _node_at(node: yaml.Node, loc: Sequence[int | str]) -> yaml.Node:
    """Follow a pydantic error location down the YAML node tree as far as it goes."""
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == str(key)), None)
            if match is None:
                return node
            node = match
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            return node
    return node


def _explain(err: dict[str, Any]) -> str:
    got = err.get("input")
    got_s = "" if isinstance(got, dict | list) else f", got {got!r}"
    return f"{err['msg']}{got_s}"


def load_yaml_data(path: Path) -> tuple[Any, yaml.Node | None]:
    text = Path(path).read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=_Loader)
        data = yaml.load(text, Loader=_Loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{path}{line}: not valid YAML: {getattr(e, 'problem', e)}") from None
    return data, node


def validate_yaml_model(path: Path, model: type[M], data: Any, node: yaml.Node | None) -> M:
    try:
        return model.model_validate(data if data is not None else {})
    except ValidationError as e:
        err = e.errors()[0]
        loc = err["loc"]
        line = ""
        if node is not None:
            line = f":{_node_at(node, loc).start_mark.line + 1}"
        key = ".".join(str(p) for p in loc) or "(top level)"
        more = f" (+{e.error_count() - 1} more)" if e.error_count() > 1 else ""
        raise ConfigError(f"{path}{line}: key '{key}': {_explain(err)}{more}") from None


def load_yaml_model(path: Path, model: type[M]) -> M:
    """Read one YAML file into `model`; raise ConfigError naming file, line and key on any problem."""
    data, node = load_yaml_data(path)
    return validate_yaml_model(path, model, data, node)


def iter_csv_models(path: Path, model: type[M], *, skip_comments: bool = True) -> Iterator[M]:
    """Yield one validated model per CSV row; a bad row raises ConfigError naming file, line and column.

    Empty cells become None so optional fields stay optional. Lines starting with '#' are comments.
    """
    last_line = [0]

    def physical_lines(f: Any) -> Iterator[str]:
        for n, ln in enumerate(f, start=1):
            last_line[0] = n
            if not (skip_comments and ln.startswith("#")):
                yield ln

    with Path(path).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(physical_lines(f))
        for row in reader:
            cleaned = {k: (v if v != "" else None) for k, v in row.items() if k is not None}
            try:
                yield model.model_validate(cleaned)
            except ValidationError as e:
                err = e.errors()[0]
                col = ".".join(str(p) for p in err["loc"])
                raise ConfigError(f"{path}:{last_line[0]}: column '{col}': {_explain(err)}") from None

"""bench.list_pages scores every real list-page snippet against its hand-written gold: the gold
covers every snippet in the folder, and the reader gets all of them right."""

from __future__ import annotations

import pytest

from bench import list_pages
from greenchain.paths import SHARED_REALDATA

pytestmark = pytest.mark.skipif(not (SHARED_REALDATA / "list-pages").is_dir(),
                                reason="../shared/realdata/list-pages is absent")


def test_every_snippet_has_gold_and_is_read_correctly() -> None:
    f = list_pages.run()
    assert f["snippets_not_scored"] == []
    assert f["item_recall"] == 1.0 and f["items_extra"] == 0
    assert f["next_page_right"] == f["pages_with_pager_truth"] and f["pager_calls_right"] == f["pager_calls"]
    assert f["all_read_correctly"] is True

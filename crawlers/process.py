"""One crawl subprocess: every CMS family for the given sources, in one CrawlerProcess.

`python -m crawlers.process --run-id R --sources-file F [--profile P] [--proxy URL]`. The Twisted
reactor cannot be restarted, so the runner (crawlers/run.py) starts this as a fresh process.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

from crawlers.spiders.base import cached_registry, read_source_ids, select_sources
from crawlers.spiders.registry import SPIDERS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="crawlers.process", description=__doc__)
    ap.add_argument("--run-id", required=True)
    ap.add_argument("--sources-file", required=True)
    ap.add_argument("--profile", default=None)
    ap.add_argument("--proxy", default=None)
    ap.add_argument("--data-dir", default=None)
    ap.add_argument("--config-dir", default=None)
    ap.add_argument("--log-level", default="WARNING")
    a = ap.parse_args(argv)

    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawlers.settings")
    settings = get_project_settings()
    settings.set("LOG_LEVEL", a.log_level, priority="cmdline")
    ids = read_source_ids(None, a.sources_file) or []
    registry = cached_registry(Path(a.config_dir) if a.config_dir else None, ids)
    by_family: dict[str, list[str]] = {}
    for s in select_sources(registry, ids):
        by_family.setdefault(s.template.value, []).append(s.id)

    process = CrawlerProcess(settings, install_root_handler=True)
    for family, fam_ids in sorted(by_family.items()):
        process.crawl(SPIDERS[family], sources=",".join(fam_ids), run_id=a.run_id, data_dir=a.data_dir,
                      config_dir=a.config_dir, profile=a.profile, proxy=a.proxy)
    if by_family:
        process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One crawl subprocess: the given sources, every CMS family, in one spider and one CrawlerProcess.

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

from crawlers.config import load_crawl_config
from crawlers.spiders.base import SourceSpider, read_source_ids


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
    # The DNS resolver is built from the process's settings, before any spider: it must know
    # whether this profile may connect to loopback.
    profile = load_crawl_config(Path(a.config_dir) if a.config_dir else None).profile(a.profile)
    settings.set("GREENCHAIN_ALLOW_LOOPBACK", profile.allow_loopback, priority="cmdline")
    if stats := os.environ.get("GREENCHAIN_PROCESS_STATS"):  # benchmarks: wall/CPU of the crawl itself
        settings.set("GREENCHAIN_PROCESS_STATS", stats, priority="cmdline")
    ids = read_source_ids(None, a.sources_file) or []
    if not ids:
        return 0
    process = CrawlerProcess(settings, install_root_handler=True)
    process.crawl(SourceSpider, sources_file=a.sources_file, run_id=a.run_id, data_dir=a.data_dir,
                  config_dir=a.config_dir, profile=a.profile, proxy=a.proxy)
    process.start()
    return 0


if __name__ == "__main__":
    sys.exit(main())

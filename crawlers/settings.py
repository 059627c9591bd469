"""Scrapy settings for greenchain's crawlers. Profile values (robots, delays, retries, timeouts)
come from config/crawl.yaml and are applied by each spider (crawlers/config.py); these are the
fixed parts."""

BOT_NAME = "greenchain"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
ROBOTSTXT_OBEY = True
COOKIES_ENABLED = True  # some WAFs set a cookie on a 412 and accept the retried request with it
TELNETCONSOLE_ENABLED = False
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
DOWNLOAD_FAIL_ON_DATALOSS = True  # a cut body is an error (counted as "truncated"), never a page
# Requests are scheduled per host slot; this queue keeps one slow host from starving the others.
SCHEDULER_PRIORITY_QUEUE = "scrapy.pqueues.DownloaderAwarePriorityQueue"
CONCURRENT_REQUESTS_PER_DOMAIN = 2  # the registry's per-host value overrides it (DOWNLOAD_SLOTS)

DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.robots.CachedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.PoliteRetryMiddleware": 550,
    "crawlers.middlewares.LoopbackProxyMiddleware": 745,
}

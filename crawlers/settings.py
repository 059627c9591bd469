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
# Scrapy starts CONCURRENT_ITEMS asyncio tasks for every callback's output; ours are a few requests
# and one landing dict, so 100 (the default) spent more CPU on task creation than on crawling.
CONCURRENT_ITEMS = 1
# Every registry host has its own slot (DOWNLOAD_SLOTS, from the registry) and any other host is
# put in one shared slot of concurrency 1 (PoliteRetryMiddleware), so this value only sizes the
# HTTP connection pool, which, behind the simulator proxy, is one pool for all hosts.
CONCURRENT_REQUESTS_PER_DOMAIN = 64

# Only http and https are ever fetched: a page linking file:///etc/passwd must not reach a handler.
DOWNLOAD_HANDLERS = {"file": None, "s3": None, "ftp": None, "data": None}
# Names resolving to loopback/private/metadata addresses are refused at connect time (crawlers/safety.py).
TWISTED_DNS_RESOLVER = "crawlers.safety.GuardedResolver"
GREENCHAIN_ALLOW_LOOPBACK = False
GREENCHAIN_MAX_PAGE_BYTES = 8_000_000
GREENCHAIN_MAX_ATTACHMENT_BYTES = 64_000_000

# Two built-ins cost ~3% of a crawl's CPU for nothing here (profiled): nothing limits depth, and
# health files count what the downloader stats would. Meta refresh stays (old CMS index pages use
# it), guarded and only searched on pages that mention it.
DOWNLOADER_MIDDLEWARES = {
    "crawlers.safety.SafeFetchMiddleware": 50,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "crawlers.safety.GuardedMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.stats.DownloaderStats": None,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.robots.CachedRobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "crawlers.middlewares.PoliteRetryMiddleware": 550,
    "crawlers.middlewares.LoopbackProxyMiddleware": 745,
    "scrapy.downloadermiddlewares.cookies.CookiesMiddleware": None,
    "crawlers.middlewares.LeanCookiesMiddleware": 700,
}
SPIDER_MIDDLEWARES = {"scrapy.spidermiddlewares.depth.DepthMiddleware": None}
# Benchmarks only: wall/CPU/response figures of the process when GREENCHAIN_PROCESS_STATS names a file.
# Scrapy's remote control (on by default since 2.19) starts an HTTP server with a code-executing
# endpoint (token-protected, on loopback) in every crawl process: a crawler of hostile sites has no
# use for it. Off, and its module (aiohttp's server) never imported.
EXTENSIONS = {"crawlers.extensions.ProcessStats": 0, "scrapy.extensions.remote_control.RemoteControl": None}
REMOTE_CONTROL_ENABLED = False

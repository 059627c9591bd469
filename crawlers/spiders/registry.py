"""The family spiders by registry template name."""

from __future__ import annotations

from scrapy import Spider

from crawlers.spiders.attachment import AttachmentSpider
from crawlers.spiders.hanweb_jcms import HanwebJcmsSpider
from crawlers.spiders.html_table import HtmlTableSpider
from crawlers.spiders.json_api import JsonApiSpider
from crawlers.spiders.trs_wcm import TrsWcmSpider

SPIDERS: dict[str, type[Spider]] = {
    s.family.value: s for s in (TrsWcmSpider, HanwebJcmsSpider, JsonApiSpider, HtmlTableSpider, AttachmentSpider)
}

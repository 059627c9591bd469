"""One adapter per CMS family (crawlers/families/<family>.py), by registry template."""

from __future__ import annotations

from crawlers.families.attachment import AttachmentFamily
from crawlers.families.base import Family
from crawlers.families.html_list import HanwebJcmsFamily, HtmlTableFamily, TrsWcmFamily
from crawlers.families.json_api import JsonApiFamily
from greenchain.registry import Template

FAMILIES: dict[Template, Family] = {
    f.template: f
    for f in (TrsWcmFamily(), HanwebJcmsFamily(), JsonApiFamily(), HtmlTableFamily(), AttachmentFamily())
}

"""Who is a reader: the request a beacon makes, told from robots, prefetches and other sites."""

import hashlib
import re

from django.http import HttpRequest

from congtin.accounts.addresses import client_ip

# Crawlers, link previews, monitors, scripting libraries and headless browsers. The beacon is
# sent by the article's script, which most crawlers do not run; those that do say who they are.
ROBOT = re.compile(
    r"bot\b|bot/|crawl|spider|slurp|archiver|facebookexternalhit|facebookcatalog|embedly|preview|"
    r"headless|phantomjs|selenium|puppeteer|playwright|lighthouse|pagespeed|pingdom|uptime|monitor|"
    r"curl|wget|python|httpclient|http-client|okhttp|go-http|java/|libwww|axios|node-fetch|scrapy|"
    r"feed|validator|coccoc.?bot|zalo.?bot",
    re.IGNORECASE,
)
# Browsers say this on a request made ahead of a visit (a prefetch, a prerender): not a read.
PREFETCH_HEADERS = ("Purpose", "Sec-Purpose", "X-Purpose", "X-Moz")


def is_reader(request: HttpRequest) -> bool:
    """A person's browser on one of our pages: not a robot, not a prefetch, not another site."""
    agent = request.headers.get("User-Agent", "")
    if not agent or ROBOT.search(agent):
        return False
    if any("prefetch" in request.headers.get(name, "").lower() for name in PREFETCH_HEADERS):
        return False
    # Browsers say where the request comes from: only our own pages count (another site cannot
    # have its visitors' browsers raise our ranking). Old browsers say nothing and are believed.
    return request.headers.get("Sec-Fetch-Site", "same-origin") == "same-origin"


def _digest(*parts: str) -> str:
    return hashlib.blake2b("\n".join(parts).encode(), digest_size=8).hexdigest()


def reader_keys(request: HttpRequest) -> tuple[str, str]:
    """(reader, address): short hashes of the address with the browser, and of the address
    alone, for the once-per-reader key and the per-address caps. Nothing readable is kept."""
    address = client_ip(request)
    return _digest(address, request.headers.get("User-Agent", "")), _digest(address)

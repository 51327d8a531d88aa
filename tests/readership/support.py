"""What the readership tests share: the articles they read and a reader's beacon."""

from dataclasses import dataclass

from django.test import Client

from congtin.news.models import ArticlePage, SectionPage
from congtin.readership.models import DailyReads

CHROME = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


@dataclass
class Articles:
    live: list[ArticlePage]
    draft: ArticlePage
    section: SectionPage


def read(client: Client, article: object, agent: str = CHROME, address: str = "203.0.113.7", **headers: str):
    """The beacon the article's script sends (sendBeacon: a same-origin POST with no body)."""
    target = getattr(article, "pk", article)
    sent = {"User-Agent": agent, "Sec-Fetch-Site": "same-origin", **headers}
    return client.post(f"/_doc/{target}/", headers=sent, REMOTE_ADDR=address)


def reads_of(article: object) -> int:
    """What the database holds for the article, every day together."""
    return sum(DailyReads.objects.filter(article_id=getattr(article, "pk", article)).values_list("reads", flat=True))

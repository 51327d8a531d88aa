"""The beacon (POST /_doc/<pk>/): a reader's read counts once, robots and floods do not, odd
addresses are a 400 and never a 500, and neither the beacon nor a cached page asks the database."""

import pytest

from congtin.readership import service, tally
from tests.factories import make_article, make_section
from tests.readership.support import CHROME, read, reads_of

pytestmark = pytest.mark.django_db

GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"
HEADLESS = CHROME.replace("Chrome/", "HeadlessChrome/")
ZALO_PREVIEW = "facebookexternalhit/1.1; Zalo"


def test_a_read_is_counted_once_per_reader(client, articles):
    first, other = articles.live[:2]
    for _reload in range(3):
        answer = read(client, first)
        assert answer.status_code == 204 and answer.content == b""
        assert answer["Cache-Control"] == "no-store"
    read(client, first, address="198.51.100.20")  # another reader
    read(client, other)
    assert service.flush() == 3
    assert (reads_of(first), reads_of(other)) == (2, 1)


def test_the_beacon_costs_no_query_and_sets_no_cookie(client, articles, django_assert_num_queries):
    client.cookies["sessionid"] = "mot-phien-bat-ky"  # a reader's old cookie: never read
    with django_assert_num_queries(0):
        answer = read(client, articles.live[0])
    assert answer.status_code == 204 and not answer.cookies
    assert "Cookie" not in answer.get("Vary", "")


@pytest.mark.parametrize(
    ("agent", "headers"),
    [
        (GOOGLEBOT, {}),
        (HEADLESS, {}),
        (ZALO_PREVIEW, {}),
        ("curl/8.5.0", {}),
        ("", {}),
        (CHROME, {"Sec-Purpose": "prefetch;prerender"}),
        (CHROME, {"Purpose": "prefetch"}),
        (CHROME, {"Sec-Fetch-Site": "cross-site"}),  # another site making its visitors' browsers post
    ],
)
def test_robots_prefetches_and_other_sites_are_answered_but_not_counted(client, articles, agent, headers):
    assert read(client, articles.live[0], agent=agent, **headers).status_code == 204
    assert service.flush() == 0 and reads_of(articles.live[0]) == 0


@pytest.mark.parametrize("method", ["get", "head", "put", "options"])
def test_only_a_post_counts(client, articles, method):
    answer = getattr(client, method)(f"/_doc/{articles.live[0].pk}/", HTTP_USER_AGENT=CHROME)
    assert answer.status_code == 405
    assert service.flush() == 0


@pytest.mark.parametrize(
    "raw",
    ["abc", "12a", "١٢", "１２", "0", "-5", "+5", "1e3", "9" * 11, "2147483648", "9" * 400, "%00", "%F0%9F%98%80"],
)
def test_odd_ids_are_a_400_in_vietnamese_never_a_500(client, articles, raw, django_assert_num_queries):
    with django_assert_num_queries(0):
        answer = client.post(f"/_doc/{raw}/", HTTP_USER_AGENT=CHROME)
    assert answer.status_code == 400  # not a 404: Wagtail's redirects would look it up
    assert answer.content.decode() == "Mã bài viết không hợp lệ."


def test_unknown_and_unpublished_articles_are_not_counted(client, articles):
    read(client, 2147483647)  # the largest id there can be: nobody's
    read(client, articles.draft)
    read(client, articles.section)  # a page, not an article
    read(client, articles.live[0])
    assert service.flush() == 1
    assert reads_of(articles.live[0]) == 1
    assert reads_of(articles.draft) == 0


def test_one_address_flooding_an_article_is_capped(client, articles):
    """Reloads from one browser count once; an address posing as many browsers (fresh
    User-Agents each time) adds at most CAP_PER_ADDRESS_ARTICLE an hour."""
    target = articles.live[0]
    for _ in range(50):
        read(client, target)
    for number in range(200):
        read(client, target, agent=f"{CHROME} bot-khong-khai/{number}".replace(" bot-", " x-"))
    service.flush()
    assert reads_of(target) == tally.CAP_PER_ADDRESS_ARTICLE
    read(client, target, address="198.51.100.21")  # the other readers of the article still count
    service.flush()
    assert reads_of(target) == tally.CAP_PER_ADDRESS_ARTICLE + 1


def test_a_cached_article_page_gains_no_query_and_the_beacon_is_its_only_request(
    client, articles, django_assert_num_queries
):
    url = articles.live[0].url
    rendered = client.get(url)
    assert rendered.status_code == 200
    beacon = f'data-read-beacon="/_doc/{articles.live[0].pk}/"'
    assert beacon in rendered.content.decode()
    with django_assert_num_queries(0):
        cached = client.get(url)
        counted = read(client, articles.live[0])
    assert cached.status_code == 200 and beacon in cached.content.decode()
    assert counted.status_code == 204
    service.flush()
    assert reads_of(articles.live[0]) == 1


def test_a_process_counting_for_itself_flushes_on_a_beacon_once_a_minute(
    client, articles, in_process, fresh_tally, monkeypatch
):
    """The embedded default: the minute's command runs in another process and cannot see
    this one's counts, so the process that holds them writes them, at most once a minute."""
    read(client, articles.live[0])
    assert reads_of(articles.live[0]) == 0  # no write per read
    monkeypatch.setattr(fresh_tally, "_last_flush", fresh_tally._last_flush - tally.LOCAL_FLUSH_SECONDS)
    read(client, articles.live[1])
    assert (reads_of(articles.live[0]), reads_of(articles.live[1])) == (1, 1)


def test_a_section_named_doc_keeps_its_articles(client, home):
    """The beacon's "_" keeps it out of the pages' address space: "Đọc" is /doc/."""
    section = make_section(home, "Đọc")
    article = make_article(section, "12")
    assert (section.url, article.url) == ("/doc/", "/doc/12/")
    assert client.get(article.url).status_code == 200

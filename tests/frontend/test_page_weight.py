"""An article costs a reader little: under 60 KB of HTML, CSS and JS, nothing from other hosts.

Weights are gzip level 6 (what nginx sends), each response on its own; photos aside.
"""

import pytest
from bs4 import BeautifulSoup
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed

from tests.factories import make_article, make_section
from tests.frontend.pages import css_urls, fetched_urls, is_third_party, linked_assets, page_weight, static_file

BUDGET = 60_000  # bytes, the "under 60 KB compressed without images"
YOUTUBE_URL = "https://www.youtube.com/watch?v=congtin-test"


def rendered(client, article):
    response = client.get(article.url)
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("which", ["seed_article", "demo_article"])
def test_article_page_html_css_js_weigh_under_60_kb_compressed(client, organisation, request, which):
    content = rendered(client, request.getfixturevalue(which))
    weight = page_weight(content)
    print(f"{which}: {weight}")
    assert weight.css > 0 and weight.js > 0, "the page should link site.css and article.js, and they should be found"
    assert weight.total < BUDGET, f"{which} weighs {weight}"


@pytest.mark.parametrize("which", ["seed_article", "demo_article"])
def test_article_page_fetches_nothing_from_another_host(client, organisation, request, which):
    soup = BeautifulSoup(rendered(client, request.getfixturevalue(which)), "html.parser")
    fetched = fetched_urls(soup)
    assert any(name == "img" for name, _ in fetched), "the article's photos should be found by the check"
    assert [(name, url) for name, url in fetched if is_third_party(url)] == []
    for url in linked_assets(soup):
        css = static_file(url).decode()
        assert css_urls(css) == [], f"{url} would fetch {css_urls(css)}: no @import, fonts or images from CSS"


def test_the_check_sees_what_another_host_would_serve():
    soup = BeautifulSoup(
        '<link rel="canonical" href="https://congtin.example/a/"><link rel="stylesheet" href="https://fonts.example/css">'
        '<link rel="preconnect" href="https://cdn.example"><script src="//cdn.example/x.js"></script>'
        '<picture><source srcset="/media/a.avif 320w, https://img.example/b.avif 640w">'
        '<img src="/media/a.jpg"></picture>'
        '<div style="background: url(https://img.example/c.png)"></div><a href="https://facebook.com/">link</a>',
        "html.parser",
    )
    elsewhere = [url for _, url in fetched_urls(soup) if is_third_party(url)]
    assert elsewhere == [
        "https://fonts.example/css",
        "https://cdn.example",
        "//cdn.example/x.js",
        "https://img.example/b.avif",
        "https://img.example/c.png",
    ]


def test_site_stylesheets_download_no_fonts_and_import_nothing():
    for name in ("css/site.css", "css/print.css"):
        css = static_file(f"/static/{name}").decode()
        assert "@font-face" not in css, f"{name} declares a web font"
        assert css_urls(css) == [], f"{name} would fetch {css_urls(css)}"


def test_article_scripts_do_not_block_rendering(client, organisation, seed_article):
    soup = BeautifulSoup(rendered(client, seed_article), "html.parser")
    scripts = soup.select("script[src]")
    assert scripts, "article.js should be on the article page"
    for script in scripts:
        assert script.has_attr("defer") or script.has_attr("async") or script.get("type") == "module", script


@pytest.fixture
def article_with_video(home):
    """An article embedding a YouTube video, its oEmbed answer stored (no network in tests)."""
    Embed.objects.create(
        url=YOUTUBE_URL,
        hash=get_embed_hash(YOUTUBE_URL),
        type="video",
        provider_name="YouTube",
        width=200,
        height=113,
        title="Video",
        html='<iframe width="200" height="113" src="https://www.youtube.com/embed/congtin-test?feature=oembed" '
        'frameborder="0" allowfullscreen title="Video"></iframe>',
    )
    section = make_section(home, "Tin video")
    return make_article(section, "Bài có video", body=[("paragraph", "<p>Xem video.</p>"), ("embed", YOUTUBE_URL)])


def test_embedded_video_loads_only_when_scrolled_near(client, article_with_video):
    soup = BeautifulSoup(rendered(client, article_with_video), "html.parser")
    iframes = soup.select(".article-body iframe")
    assert len(iframes) == 1
    assert iframes[0]["loading"] == "lazy"


def test_embed_iframes_become_lazy_unless_they_say_otherwise():
    from congtin.news.templatetags.media_tags import lazy_iframes

    assert (
        lazy_iframes('<IFRAME src="https://v.example/1"></IFRAME>')
        == '<iframe loading="lazy" src="https://v.example/1"></IFRAME>'
    )
    eager = '<iframe loading="eager" src="https://v.example/2"></iframe>'
    assert lazy_iframes(eager) == eager
    assert lazy_iframes("<blockquote>post</blockquote>") == "<blockquote>post</blockquote>"

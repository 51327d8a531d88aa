"""In Chromium: pages with photos do not move while they load, and photos arrive as AVIF
in the width the layout shows them at.

Layout shift is the browser's own measure (PerformanceObserver 'layout-shift', the sum
Core Web Vitals call CLS). On loopback a photo would arrive before anyone could see it
move, so the test holds every photo back until the reader has its place in view, the way
a slow mobile link does: a photo without reserved space then pushes the text in view.
Screenshots go to artifacts/browser/.
"""

import pytest
from playwright.sync_api import expect

from tests.browser.support import DEVICES as PHONE_AND_DESKTOP
from tests.factories import make_articles

pytestmark = [pytest.mark.browser, pytest.mark.urls("tests.browser.urls")]  # serves /media/ too

MAX_LAYOUT_SHIFT = 0.02
# The home page's grids change at 40rem (2 columns) and 64rem (4 columns): one width in each.
DEVICES = {
    **PHONE_AND_DESKTOP,
    "tablet": {"viewport": {"width": 800, "height": 1100}},
    "laptop": {"viewport": {"width": 1100, "height": 800}},
}
# The sum of the page's layout shifts so far (not those right after the reader's input).
LAYOUT_SHIFT = """() => new Promise((resolve) => {
  new PerformanceObserver((list, observer) => {
    observer.disconnect();
    resolve(list.getEntries().filter((e) => !e.hadRecentInput).reduce((sum, e) => sum + e.value, 0));
  }).observe({type: "layout-shift", buffered: true});
  setTimeout(() => resolve(0), 1000);  // no entry at all: nothing moved
})"""
NEXT_PAINT = "() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))"
# Every photo on the page: what the browser chose, its width on screen, and the width
# `sizes` announced (an <img> chosen from a `w` srcset reports it as its naturalWidth).
PHOTOS = """() => Array.from(document.querySelectorAll("picture img")).map((img) => ({
  src: img.currentSrc, shown: img.getBoundingClientRect().width, announced: img.naturalWidth,
  lazy: img.loading === "lazy", priority: img.fetchPriority,
}))"""
PHOTO_LOADED = (
    "(i) => { const img = document.querySelectorAll('picture img')[i]; return img.complete && img.naturalWidth > 0; }"
)
# Every file a <picture> offers (absolute URLs): the one the browser asks for is among them.
PHOTO_CANDIDATES = """(i) => Array.from(document.querySelectorAll('picture')[i].querySelectorAll('source, img'))
  .flatMap((e) => e.getAttribute('srcset').split(',')
    .map((c) => new URL(c.trim().split(' ')[0], location.href).href))"""


@pytest.fixture
def section_of_12(live_server, django_db_serialized_rollback, seed_article, illustrated, client):
    """The seed article's section with 11 more illustrated articles: 12 cards, one page."""
    section = seed_article.get_parent().specific
    illustrated(make_articles(section, 11, prefix="Tin ảnh"))
    for url in ("/", section.url, seed_article.url):  # renditions are made on first view: not measured here
        assert client.get(url).status_code == 200
    return {
        "home": live_server.url + "/",
        "section": live_server.url + section.url,
        "article": live_server.url + seed_article.url,
    }


class Reader:
    """A page in Chromium on a slow link: scripts arrive after the first paint, and photos
    only when `release()` lets them; image responses noted."""

    def __init__(self, context, url, problems, init_script=None):
        self.page = page = context.new_page()
        self.images, self.held, self.problems = {}, [], problems
        if init_script:
            page.add_init_script(init_script)
        page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
        page.on("requestfailed", self.failed)
        page.on("response", self.note)
        page.route("**/media/**", self.hold)
        page.route("**/*.js", self.hold)  # scripts too: they come after the first paint
        assert page.goto(url, wait_until="commit").status == 200
        page.wait_for_selector("footer", state="attached")
        page.evaluate(NEXT_PAINT)
        self.release([route.request.url for route in self.held if route.request.resource_type == "script"])
        page.wait_for_load_state("domcontentloaded")

    def failed(self, request):
        """A failed request is a problem, except one this test still holds when the tab closes
        (a candidate Chromium asked for late, under load): the page never had its answer."""
        if "ERR_ABORTED" in (request.failure or "") and any(route.request == request for route in self.held):
            return
        self.problems.append(f"failed {request.url}: {request.failure}")

    def note(self, response):
        if response.status >= 400:
            self.problems.append(f"{response.status} {response.url}")
        if response.request.resource_type == "image":
            self.images[response.url] = response.headers.get("content-type", "")

    def hold(self, route):
        self.held.append(route)

    def release(self, urls=None):
        """Let the held requests (or only those for `urls`) through."""
        for route in [route for route in self.held if urls is None or route.request.url in urls]:
            self.held.remove(route)
            route.continue_()

    def let_photo_arrive(self, index):
        candidates = set(self.page.evaluate(PHOTO_CANDIDATES, index))
        for _ in range(40):  # a lazy photo is asked for once it is near the screen
            if any(route.request.url in candidates for route in self.held):
                break
            self.page.wait_for_timeout(50)
        self.release(candidates)
        self.page.wait_for_function(PHOTO_LOADED, arg=index)

    def look_at_every_photo(self):
        """Bring each photo's place to the middle of the screen, then let that photo arrive."""
        # Chromium marks the shifts of a phone page's first half second as after input.
        self.page.wait_for_timeout(700)
        photos = self.page.locator("picture")
        for index in range(photos.count()):
            photos.nth(index).evaluate("e => e.scrollIntoView({block: 'center'})")
            self.page.evaluate(NEXT_PAINT)  # painted without the photo
            self.let_photo_arrive(index)
            self.page.evaluate(NEXT_PAINT)
        self.release()

    @property
    def layout_shift(self) -> float:
        return self.page.evaluate(LAYOUT_SHIFT)

    def photos(self):
        return self.page.evaluate(PHOTOS)


@pytest.fixture
def read(browser):
    contexts, problems = [], []

    def read_(url, device, init_script=None):
        context = browser.new_context(**DEVICES[device])
        contexts.append(context)
        reader = Reader(context, url, problems, init_script)
        reader.look_at_every_photo()
        return reader

    yield read_
    for context in contexts:
        context.close()
    assert problems == []


def assert_photos_fit_and_are_avif(reader):
    photos = reader.photos()
    assert photos, "the page should show photos"
    for photo in photos:
        assert photo["src"].endswith(".avif"), f"Chromium should pick the AVIF source: {photo}"
        assert reader.images.get(photo["src"]) == "image/avif", f"served as {reader.images.get(photo['src'])!r}"
        # `sizes` matches the layout: the width it announced is the width shown (within rounding).
        assert abs(photo["announced"] - photo["shown"]) <= max(4, 0.04 * photo["shown"]), photo
    other = [url for url, kind in reader.images.items() if kind != "image/avif"]
    assert other == [], "a browser with AVIF should fetch no WebP or JPEG copy"
    return photos


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_section_page_does_not_shift_as_its_photos_load(section_of_12, read, artifacts, device):
    reader = read(section_of_12["section"], device)
    expect(reader.page.locator(".card-list .card")).to_have_count(12)
    photos = assert_photos_fit_and_are_avif(reader)
    assert len(photos) == 12
    assert (photos[0]["lazy"], photos[0]["priority"]) == (False, "high")
    assert all(photo["lazy"] for photo in photos[1:])
    reader.page.screenshot(path=artifacts / f"section-photos-{device}.png", full_page=True)
    assert reader.layout_shift < MAX_LAYOUT_SHIFT, f"cumulative layout shift {reader.layout_shift:.4f}"


@pytest.mark.parametrize("device", ["desktop", "laptop", "tablet", "phone"])
def test_home_page_does_not_shift_as_its_photos_load(section_of_12, read, device):
    reader = read(section_of_12["home"], device)
    photos = assert_photos_fit_and_are_avif(reader)
    assert len(photos) == 1 + 4 + 4, "the lead story, the 'Tin nổi bật' row (the next four) and the section's next four"
    assert (photos[0]["lazy"], photos[0]["priority"]) == (False, "high")
    assert all(photo["lazy"] for photo in photos[1:])
    assert reader.layout_shift < MAX_LAYOUT_SHIFT, f"cumulative layout shift {reader.layout_shift:.4f}"


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_article_page_does_not_shift_as_its_photos_load(section_of_12, read, device):
    reader = read(section_of_12["article"], device)
    photos = assert_photos_fit_and_are_avif(reader)
    assert len(photos) == 3 and all(photo["lazy"] for photo in photos)
    assert reader.layout_shift < MAX_LAYOUT_SHIFT, f"cumulative layout shift {reader.layout_shift:.4f}"


def test_returning_reader_text_size_does_not_shift_the_article(section_of_12, read):
    stored_size = "localStorage.setItem('congtin:text-scale', '1.3')"
    reader = read(section_of_12["article"], "desktop", init_script=stored_size)
    assert reader.layout_shift < MAX_LAYOUT_SHIFT, f"cumulative layout shift {reader.layout_shift:.4f}"

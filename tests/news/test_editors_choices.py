"""Editors' choices (congtin.news.choices): the home page's lead story ("Tin chính") and its
"Tin nổi bật" row, and a section's featured articles, chosen in the back office in the editors'
order; a live, unexpired choice leads, the newest fill the rest, no article shows twice; an
unpublished or expired choice falls away, through the page cache (the minute's purge for an
expiry); a page costs no query per choice."""

from contextlib import contextmanager
from datetime import datetime, timedelta
from unittest import mock

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from congtin.news.choices import choose_demo_featured, purge_expired_choices
from congtin.news.models import HomeFeaturedChoice, HomeLeadChoice, HomePage, SectionFeaturedChoice, SectionPage
from tests.factories import make_article, make_articles, make_section, with_photos
from tests.support import queries_for

# Queries of the home and section pages rendered afresh with every choice filled (tests/news/
# test_query_counts.py bounds them without choices: 12 and 9); the same for one choice as for all.
HOME_BOUND, SECTION_BOUND = 12, 11


@contextmanager
def clock_at(moment: datetime):
    """Django's clock (timezone.now, which Wagtail and congtin read) stopped at `moment`."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


def typed(moment: datetime | None) -> str:
    """A time as the admin's date-time field takes it, in the site's time zone."""
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def choose(page, *, lead=(), featured=(), expires=None):
    """Publish `page` with these choices, as the admin's "Xuất bản" does (a new revision).
    `expires`: {article: expiry}."""
    expires = expires or {}
    page = page.get_latest_revision_as_object()
    rows = [(HomeLeadChoice, "lead_choices", lead), (HomeFeaturedChoice, "featured_choices", featured)]
    if isinstance(page, SectionPage):
        rows = [(SectionFeaturedChoice, "featured_choices", featured)]
    for model, relation, articles in rows:
        setattr(
            page,
            relation,
            [model(article=a, sort_order=n, expires_at=expires.get(a)) for n, a in enumerate(articles)],
        )
    page.save_revision().publish()
    return type(page).objects.get(pk=page.pk)


def soup(client, url="/") -> BeautifulSoup:
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content, "html.parser")


def titles(element) -> list[str]:
    return [a.get_text(strip=True) for a in element.select(".card-title a")] if element else []


def home_seen(client) -> dict:
    """The home page as a reader reads it: its lead, its "Tin nổi bật" row, each section's block."""
    page = soup(client)
    lead = titles(page.select_one(".lead-story"))
    row = page.find("h2", string="Tin nổi bật")
    blocks = {
        block.h2.get_text(strip=True): titles(block)
        for block in page.select(".section-block")
        if block.h2.get_text(strip=True) != "Tin nổi bật"
    }
    return {"lead": lead[0] if lead else None, "row": titles(row.find_parent("section")) if row else [], **blocks}


def shown_titles(seen: dict) -> list[str]:
    return [seen["lead"], *(title for key, value in seen.items() if key != "lead" for title in value)]


@pytest.fixture
def sections(home):
    """Two sections of six articles each, "Kinh tế" the newer by a day (numbered newest first)."""
    economy, culture = make_section(home, "Kinh tế"), make_section(home, "Văn hóa")
    now = timezone.now()
    make_articles(economy, 6, prefix="Kinh tế", start=now - timedelta(minutes=1))
    make_articles(culture, 6, prefix="Văn hóa", start=now - timedelta(days=1))
    return economy, culture


def article(title):
    from congtin.news.models import ArticlePage

    return ArticlePage.objects.get(title=title)


def test_without_choices_the_newest_lead_then_fill_the_row_and_no_article_shows_twice(client, sections):
    seen = home_seen(client)
    assert seen == {
        "lead": "Kinh tế số 0",
        "row": ["Kinh tế số 1", "Kinh tế số 2", "Kinh tế số 3", "Kinh tế số 4"],
        "Kinh tế": ["Kinh tế số 5"],
        "Văn hóa": ["Văn hóa số 0", "Văn hóa số 1", "Văn hóa số 2", "Văn hóa số 3"],
    }


def test_chosen_articles_lead_in_the_editors_order_the_newest_fill_the_rest(client, home, sections):
    choose(home, lead=[article("Văn hóa số 5")], featured=[article("Văn hóa số 3"), article("Kinh tế số 4")])
    seen = home_seen(client)
    assert seen["lead"] == "Văn hóa số 5"
    assert seen["row"] == ["Văn hóa số 3", "Kinh tế số 4", "Kinh tế số 0", "Kinh tế số 1"]
    assert seen["Kinh tế"] == ["Kinh tế số 2", "Kinh tế số 3", "Kinh tế số 5"]
    assert seen["Văn hóa"] == ["Văn hóa số 0", "Văn hóa số 1", "Văn hóa số 2", "Văn hóa số 4"]
    assert len(shown_titles(seen)) == len(set(shown_titles(seen)))

    # The editors drag the row into another order and publish the home page again: readers see it at once.
    choose(home, lead=[article("Văn hóa số 5")], featured=[article("Kinh tế số 4"), article("Văn hóa số 3")])
    assert home_seen(client)["row"][:2] == ["Kinh tế số 4", "Văn hóa số 3"]


def test_the_lead_chosen_again_in_the_row_shows_once(client, home, sections):
    chosen = article("Văn hóa số 2")
    choose(home, lead=[chosen], featured=[chosen, article("Văn hóa số 4")])
    seen = home_seen(client)
    assert seen["lead"] == "Văn hóa số 2"
    assert seen["row"] == ["Văn hóa số 4", "Kinh tế số 0", "Kinh tế số 1", "Kinh tế số 2"]
    assert shown_titles(seen).count("Văn hóa số 2") == 1


def test_an_unpublished_choice_falls_away_at_once_through_the_page_cache(client, home, sections):
    chosen = article("Văn hóa số 5")
    choose(home, lead=[chosen], featured=[article("Văn hóa số 4")])
    assert home_seen(client)["lead"] == "Văn hóa số 5"  # kept by the page cache now
    chosen.unpublish()
    seen = home_seen(client)
    assert seen["lead"] == "Kinh tế số 0"
    assert seen["row"] == ["Văn hóa số 4", "Kinh tế số 1", "Kinh tế số 2", "Kinh tế số 3"]
    assert "Văn hóa số 5" not in shown_titles(seen)
    # A draft, a deleted article, an article chosen but never published: none takes a place.
    draft = make_article(sections[1], "Bản nháp được chọn", live=False)
    choose(home, lead=[draft], featured=[article("Văn hóa số 3")])
    article("Văn hóa số 3").delete()
    seen = home_seen(client)
    assert seen["lead"] == "Kinh tế số 0" and "Bản nháp được chọn" not in shown_titles(seen)
    assert "Văn hóa số 3" not in shown_titles(seen)


def test_an_expired_choice_leaves_the_kept_page_within_the_minute(client, home, sections):
    expiry = (timezone.now() + timedelta(hours=2)).replace(second=30, microsecond=0)
    lead, row = article("Văn hóa số 5"), article("Văn hóa số 4")
    choose(home, lead=[lead], featured=[row], expires={lead: expiry, row: expiry + timedelta(hours=1)})
    assert home_seen(client)["lead"] == "Văn hóa số 5"

    with clock_at(expiry - timedelta(minutes=1)):
        call_command("every_minute")
    assert home_seen(client)["lead"] == "Văn hóa số 5"

    # Expired, the choice no longer shows on a page rendered afresh; the copy kept before the
    # expiry is purged by the next minute's run.
    with clock_at(expiry + timedelta(seconds=1)):
        afresh = client.get("/", HTTP_X_CACHE_BYPASS="1")
        assert titles(BeautifulSoup(afresh.content, "html.parser").select_one(".lead-story")) == ["Kinh tế số 0"]
        assert home_seen(client)["lead"] == "Văn hóa số 5"
    with clock_at(expiry + timedelta(seconds=30)):
        call_command("every_minute")
        seen = home_seen(client)
    assert seen["lead"] == "Kinh tế số 0"
    assert seen["row"] == ["Văn hóa số 4", "Kinh tế số 1", "Kinh tế số 2", "Kinh tế số 3"]


def test_the_minute_purge_is_idempotent_and_cheap_when_nothing_expired(client, home, sections):
    expiry = timezone.now() + timedelta(hours=2)
    lead = article("Văn hóa số 5")
    choose(home, lead=[lead], expires={lead: expiry})
    home_seen(client)
    later = expiry + timedelta(seconds=65)
    with clock_at(later):
        purge_expired_choices(now=expiry + timedelta(seconds=5))
        assert home_seen(client)["lead"] == "Kinh tế số 0"  # purged, rendered afresh and kept again
        for _ in range(2):  # the next minute, then the same minute again: nothing expired in between
            with CaptureQueriesContext(connection) as captured:
                purge_expired_choices(now=later)
            assert len(captured) <= 3  # one look per kind of choice, on the expiry index
        with CaptureQueriesContext(connection) as served:
            assert client.get("/").status_code == 200
    assert len(captured) == 0, "a second run at the same moment looks at nothing"
    assert len(served) == 0, "the kept page was not purged again"


def test_a_sections_featured_articles_lead_its_first_page_in_order_and_leave_the_list(client, home, sections):
    economy, culture = sections
    make_articles(economy, 12, prefix="Cũ", start=timezone.now() - timedelta(days=30))
    other = make_article(culture, "Bài của chuyên mục khác", published_at=timezone.now() - timedelta(days=3))
    choose(economy, featured=[article("Kinh tế số 3"), other, article("Cũ số 11")])
    page = soup(client, economy.url)
    featured = page.select_one(".section-featured")
    assert featured["aria-label"] == "Tin nổi bật"
    assert titles(featured) == ["Kinh tế số 3", "Bài của chuyên mục khác", "Cũ số 11"]
    listed = titles(page.select_one(".card-list"))
    assert listed[:4] == ["Kinh tế số 0", "Kinh tế số 1", "Kinh tế số 2", "Kinh tế số 4"]
    assert len(listed) == 12 and not set(listed) & set(titles(featured))
    second = soup(client, economy.url + "?page=2")
    assert second.select_one(".section-featured") is None
    assert "Cũ số 11" not in titles(second) and len(titles(second)) == 18 - 2 - 12
    # The chosen article of another section unpublished: the section's kept page changes too.
    other.unpublish()
    assert titles(soup(client, economy.url).select_one(".section-featured")) == ["Kinh tế số 3", "Cũ số 11"]


def test_a_sections_expired_choice_leaves_its_kept_page_within_the_minute(client, sections):
    economy, _ = sections
    expiry = timezone.now() + timedelta(hours=1)
    chosen = article("Kinh tế số 5")
    choose(economy, featured=[chosen], expires={chosen: expiry})
    assert titles(soup(client, economy.url).select_one(".section-featured")) == ["Kinh tế số 5"]
    with clock_at(expiry + timedelta(seconds=20)):
        call_command("every_minute")
        page = soup(client, economy.url)
    assert page.select_one(".section-featured") is None
    assert titles(page)[:6] == [f"Kinh tế số {i}" for i in range(6)]


# The back office


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai")


def rows(choices: list[dict]) -> dict:
    """An inline panel's formset as the admin's page sends it, rows in the dragged order."""
    return inline_formset([{"id": "", "ORDER": str(number), **choice} for number, choice in enumerate(choices)])


def home_form(home: HomePage, lead: list[dict], featured: list[dict]) -> dict:
    """The home page's edit form as an editor sends it, "Xuất bản" pressed."""
    return nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "intro": rich_text(""),
            "comments": inline_formset([]),
            "lead_choices": rows(lead),
            "featured_choices": rows(featured),
            "action-publish": "action-publish",
        }
    )


def form_errors(response) -> str:
    return response.content.decode()[:3000] if response.status_code != 302 else ""


def test_an_editor_chooses_in_the_home_page_form_and_readers_see_it(client, editor, home, sections):
    home_seen(client)  # the page as it was is kept: publishing must purge it
    expiry = timezone.now() + timedelta(days=1)
    client.force_login(editor)
    lead = {"article": str(article("Văn hóa số 5").pk), "expires_at": typed(expiry)}
    featured = [{"article": str(article(title).pk), "expires_at": ""} for title in ("Văn hóa số 4", "Văn hóa số 3")]
    response = client.post(f"/admin/pages/{home.pk}/edit/", home_form(home, [lead], featured))
    assert response.status_code == 302, form_errors(response)
    client.logout()
    seen = home_seen(client)
    assert seen["lead"] == "Văn hóa số 5"
    assert seen["row"][:2] == ["Văn hóa số 4", "Văn hóa số 3"]
    choice = HomeLeadChoice.objects.get()
    assert timezone.localtime(choice.expires_at).strftime("%Y-%m-%d %H:%M") == typed(expiry)

    # The form shows them again, with their Vietnamese labels.
    client.force_login(editor)
    page = client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    for label in ("Tin chính", "Tin nổi bật", "Hết hạn lúc", "Văn hóa số 5", "Văn hóa số 4"):
        assert label in page
    # and says how many each place holds
    assert "Tối đa 1 bài." in page and "Tối đa 4 bài." in page


def test_the_home_page_form_refuses_a_twice_chosen_article_and_a_past_expiry_in_vietnamese(
    client, editor, home, sections
):
    client.force_login(editor)
    twice = str(article("Văn hóa số 4").pk)
    past = typed(timezone.now() - timedelta(hours=1))
    featured = [{"article": twice, "expires_at": ""}, {"article": twice, "expires_at": past}]
    response = client.post(f"/admin/pages/{home.pk}/edit/", home_form(home, [], featured))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bài này đã được chọn ở trên trong cùng danh sách." in page
    assert "Thời điểm hết hạn đã qua" in page
    assert not HomeFeaturedChoice.objects.exists()

    # A section or another page type is not an article: the chooser's field refuses it.
    response = client.post(
        f"/admin/pages/{home.pk}/edit/", home_form(home, [{"article": str(sections[0].pk), "expires_at": ""}], [])
    )
    assert response.status_code == 200 and not HomeLeadChoice.objects.exists()


def test_an_old_expired_choice_does_not_block_editing_the_home_page(client, editor, home, sections):
    chosen = article("Văn hóa số 4")
    moment = (timezone.now() + timedelta(minutes=5)).replace(second=42)  # a choice made in code
    choose(home, featured=[chosen], expires={chosen: moment})
    with clock_at(moment + timedelta(hours=1)):
        client.force_login(editor)
        row = HomeFeaturedChoice.objects.get()
        featured = inline_formset(
            [{"id": str(row.pk), "ORDER": "0", "article": str(chosen.pk), "expires_at": typed(moment)}],
            initial=1,
        )
        data = home_form(home, [], [])
        data.update(nested_form_data({"featured_choices": featured}))
        response = client.post(f"/admin/pages/{home.pk}/edit/", data)
    assert response.status_code == 302, form_errors(response)


def test_an_editor_chooses_a_sections_featured_articles_in_its_form(client, editor, sections):
    economy, _ = sections
    assert soup(client, economy.url).select_one(".section-featured") is None  # kept: publishing must purge it
    client.force_login(editor)
    data = nested_form_data(
        {
            "title": economy.title,
            "slug": economy.slug,
            "intro": rich_text(""),
            "comments": inline_formset([]),
            "featured_choices": rows([{"article": str(article("Kinh tế số 5").pk), "expires_at": ""}]),
            "show_in_menus": "on",
            "action-publish": "action-publish",
        }
    )
    response = client.post(f"/admin/pages/{economy.pk}/edit/", data)
    assert response.status_code == 302, form_errors(response)
    client.logout()
    assert titles(soup(client, economy.url).select_one(".section-featured")) == ["Kinh tế số 5"]


def test_a_preview_shows_the_choices_typed_and_readers_still_the_published_ones(client, editor, home, sections):
    client.force_login(editor)
    url = f"/admin/pages/{home.pk}/edit/preview/"
    lead = [{"article": str(article("Văn hóa số 5").pk), "expires_at": ""}]
    assert client.post(url, home_form(home, lead, [])).json()["is_valid"]
    preview = BeautifulSoup(client.get(url + "?mode=").content, "html.parser")
    assert titles(preview.select_one(".lead-story")) == ["Văn hóa số 5"]
    client.logout()
    assert home_seen(client)["lead"] == "Kinh tế số 0"


# What a page costs


def test_choices_cost_no_query_each(client, home, photo):
    economy, culture = make_section(home, "Kinh tế"), make_section(home, "Văn hóa")
    mine = with_photos(make_articles(economy, 8, prefix="Kinh tế"), photo)
    theirs = with_photos(make_articles(culture, 8, prefix="Văn hóa"), photo)
    choose(home, lead=[theirs[7]], featured=[theirs[6]])
    choose(economy, featured=[mine[7]])
    one = queries_for(client, "/"), queries_for(client, economy.url)
    choose(home, lead=[theirs[7]], featured=theirs[3:7])
    choose(economy, featured=[mine[7], mine[6], theirs[5]])
    assert len(home_seen(client)["row"]) == 4
    assert (queries_for(client, "/"), queries_for(client, economy.url)) == one
    assert one[0] <= HOME_BOUND and one[1] <= SECTION_BOUND
    with CaptureQueriesContext(connection) as captured:  # kept: the page cache serves it
        client.get("/")
        client.get("/")
    assert len(captured) == 0


def test_the_demo_chooses_a_lead_and_a_row_with_photos_once(client, home, photo):
    economy = make_section(home, "Kinh tế")
    illustrated = with_photos(make_articles(economy, 3, prefix="Ảnh"), photo)
    make_articles(economy, 3, prefix="Không ảnh")  # newer, without a photo
    assert choose_demo_featured(HomePage.objects.get())
    seen = home_seen(client)
    assert seen["lead"] == illustrated[0].title
    assert seen["row"][:2] == [illustrated[1].title, illustrated[2].title]
    # load_demo run again keeps what was chosen.
    assert not choose_demo_featured(HomePage.objects.get(), lead_title="Không ảnh số 2")
    assert home_seen(client)["lead"] == illustrated[0].title


def test_the_demo_chooses_by_title(client, home):
    make_articles(make_section(home, "Kinh tế"), 3, prefix="Bài")
    assert not choose_demo_featured(HomePage.objects.get())  # no photo, no title: nothing to choose
    assert choose_demo_featured(HomePage.objects.get(), lead_title="Bài số 2", featured=["Bài số 1"])
    seen = home_seen(client)
    assert (seen["lead"], seen["row"]) == ("Bài số 2", ["Bài số 1", "Bài số 0"])

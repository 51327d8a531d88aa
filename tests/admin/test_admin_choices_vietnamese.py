"""The back office's editors' choices (congtin.news.choices) read in Vietnamese: the home page's
and a section's edit forms with their "Tin chính" and "Tin nổi bật" panels filled in, the
article chooser they open, a new section's form, and the home page's form sent back with errors
(tests/admin/english.py finds English words in what an editor reads or hears)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from congtin.news.models import HomeFeaturedChoice, HomeLeadChoice, SectionFeaturedChoice
from tests.admin.english import english_phrases, readable_texts
from tests.factories import make_articles, make_section


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@hoaphuong.example.vn", "Phuong-hoang-2025!")
    client.force_login(user)
    return client


@pytest.fixture
def chosen(home):
    """A home page and a section published with a choice in each panel, one with an expiry."""
    section = make_section(home, "Kinh tế")
    articles = make_articles(section, 3, prefix="Giá lúa")
    draft = home.get_latest_revision_as_object()
    draft.lead_choices = [HomeLeadChoice(article=articles[0], expires_at=timezone.now() + timedelta(days=1))]
    draft.featured_choices = [HomeFeaturedChoice(article=articles[1])]
    draft.save_revision().publish()
    draft = section.get_latest_revision_as_object()
    draft.featured_choices = [SectionFeaturedChoice(article=articles[2])]
    draft.save_revision().publish()
    return home, section


def leaks(client, address) -> list[str]:
    response = client.get(address)
    assert response.status_code == 200, address
    html = response.json().get("html", "") if response["Content-Type"].startswith("application/json") else None
    texts = readable_texts(html if html is not None else response.content.decode())
    return english_phrases(texts)


def test_the_choice_panels_and_their_chooser_are_vietnamese(editor_client, chosen):
    home, section = chosen
    addresses = [
        reverse("wagtailadmin_pages:edit", args=[home.pk]),
        reverse("wagtailadmin_pages:edit", args=[section.pk]),
        reverse("wagtailadmin_pages:add", args=["news", "sectionpage", home.pk]),
        reverse("wagtailadmin_choose_page") + "?page_type=news.articlepage",
        reverse("wagtailadmin_choose_page_child", args=[section.pk]) + "?page_type=news.articlepage",
    ]
    page = editor_client.get(addresses[0]).content.decode()
    for label in ("Tin chính", "Tin nổi bật", "Hết hạn lúc", "Giá lúa số 0"):
        assert label in page
    found = {address: leaks(editor_client, address) for address in addresses}
    assert not any(found.values()), found


def test_the_home_page_form_with_errors_is_vietnamese(editor_client, chosen):
    home, _ = chosen
    past = timezone.localtime(timezone.now() - timedelta(hours=2)).strftime("%Y-%m-%d %H:%M")
    rows = [{"id": "", "ORDER": "0", "article": "", "expires_at": past}]
    data = nested_form_data(
        {
            "title": home.title,
            "slug": home.slug,
            "intro": rich_text(""),
            "comments": inline_formset([]),
            "lead_choices": inline_formset(rows),
            "featured_choices": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    response = editor_client.post(reverse("wagtailadmin_pages:edit", args=[home.pk]), data)
    assert response.status_code == 200
    texts = readable_texts(response.content.decode())
    assert any("Trường này là bắt buộc" in text for text in texts), texts
    assert english_phrases(texts) == []

"""The printable sheet: one join card per bridge point, six to an A4 page, each printing
its bridge point's join link (tests/browser/test_qr_scan.py reads its QR code from pixels)."""

from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congtin.conferences.models import BridgePoint
from tests.conferences.support import add_bridge_points


def qr_sheet(client, conference):
    response = client.get(f"/hoi-nghi/{conference.slug}/ma-qr/")
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_sheet_has_one_card_per_bridge_point_six_to_a_page(organiser_client, conference):
    add_bridge_points(conference, 56)
    page = qr_sheet(organiser_client, conference)
    cards = page.select(".join-card")
    assert len(cards) == 56
    assert [len(sheet.select(".join-card")) for sheet in page.select(".sheet")] == [6] * 9 + [2]
    assert cards[0].select_one(".join-card-name").get_text(strip=True) == "Quận đoàn số 1"
    assert "DC01" in cards[0].select_one(".join-card-code").get_text()
    assert all(card.select_one("svg.qr") for card in cards)
    assert page.html["lang"] == "vi"
    assert page.find("link", rel="stylesheet")["href"].endswith("conferences/qr-sheet.css")


def test_each_card_prints_its_bridge_point_join_link(organiser_client, conference):
    add_bridge_points(conference, 7)
    card = qr_sheet(organiser_client, conference).select(".join-card")[6]
    point = BridgePoint.objects.get(conference=conference, code=card["data-code"])
    assert card.select_one(".join-card-url").get_text(strip=True) == point.join_url
    assert point.join_url.startswith("http://testserver/hoi-nghi/hoi-nghi-thu/diem-cau/")


def test_revoked_bridge_points_get_no_card(organiser_client, conference):
    points = add_bridge_points(conference, 3)
    BridgePoint.objects.filter(pk=points[1].pk).update(revoked=True)
    codes = [card["data-code"] for card in qr_sheet(organiser_client, conference).select(".join-card")]
    assert codes == ["DC01", "DC03"]


def test_print_css_keeps_cards_whole_and_breaks_between_pages(settings):
    css = (settings.BASE_DIR / "congtin" / "conferences" / "static" / "conferences" / "qr-sheet.css").read_text()
    assert "size: A4" in css
    assert "break-inside: avoid" in css and "break-after: page" in css


def test_sheet_is_for_organisers_only(client, conference):
    add_bridge_points(conference, 1)
    assert client.get(f"/hoi-nghi/{conference.slug}/ma-qr/")["Location"].startswith("/admin/login/?next=")
    client.force_login(get_user_model().objects.create_user("khach", "k@example.vn", "mat-khau-dai"))
    assert client.get(f"/hoi-nghi/{conference.slug}/ma-qr/").status_code == 403
    assert client.get(f"/hoi-nghi/{conference.slug}/dieu-hanh/").status_code == 403


def queries_for_sheet(client, conference):
    with CaptureQueriesContext(connection) as captured:
        qr_sheet(client, conference)
    return len(captured)


def test_sheet_costs_the_same_queries_for_2_or_56_bridge_points(organiser_client, conference):
    add_bridge_points(conference, 2)
    few = queries_for_sheet(organiser_client, conference)
    add_bridge_points(conference, 54, prefix="DX")
    assert queries_for_sheet(organiser_client, conference) == few

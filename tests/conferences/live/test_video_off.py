"""Without an nginx serving /hls/ beside the app (make demo without nginx-rtmp:
CONGTIN_LIVE_VIDEO=off), a bridge point page says there is no live video here instead of
offering a player whose playlist would answer 404, even while the conference is on air."""

from bs4 import BeautifulSoup

from congtin.conferences.live import state as live
from tests.conferences.support import page_url, state


def test_join_page_says_live_video_is_off_and_offers_no_playlist(client, bridge_point, conference, settings):
    conference.on_air = True
    conference.save()
    settings.CONGTIN_LIVE_VIDEO = True
    assert state(client, bridge_point)["playlist_url"]  # with live video, this point would play

    settings.CONGTIN_LIVE_VIDEO = False
    live.shared_state_changed(conference)  # the state kept for STATE_CACHE_SECONDS is dropped
    data = state(client, bridge_point)
    assert (data["on_air"], data["playlist_url"]) == (False, None)
    page = BeautifulSoup(client.get(page_url(bridge_point)).content, "html.parser")
    notice = page.select_one("[data-off-air]")
    assert not notice.has_attr("hidden")
    assert "chưa bật truyền hình trực tiếp" in notice.get_text()
    video = page.select_one("video[data-player]")
    assert video.has_attr("hidden") and not video.has_attr("controls")

"""The broadcast interface the rest of conferences uses (publish URL, playlist URL, admit)
answers with nginx-rtmp behind it."""

from congtin.conferences import broadcast
from congtin.conferences.broadcast import nginx_rtmp
from tests.conferences.support import add_bridge_points, make_conference


def test_publish_url_is_the_conferences_and_carries_its_stream_key(conference):
    assert broadcast.publish_url(conference) == conference.publish_url
    assert broadcast.publish_url(conference).endswith("/live/" + nginx_rtmp.stream_key(conference))


def test_playlist_url_carries_the_public_stream_name_and_the_token(conference, bridge_point):
    url = broadcast.playlist_url(conference, bridge_point)
    assert nginx_rtmp.stream_name(conference) in url and bridge_point.token in url
    assert nginx_rtmp.stream_key(conference) not in url


def test_admits_an_active_bridge_point_to_its_own_conferences_stream_only(conference):
    active, revoked = add_bridge_points(conference, 2)
    revoked.revoked = True
    revoked.save()
    stream = nginx_rtmp.stream_name(conference)
    other_stream = nginx_rtmp.stream_name(make_conference(slug="hoi-nghi-khac"))
    assert broadcast.admits(active.token, stream)
    assert not broadcast.admits(active.token, other_stream)
    assert not broadcast.admits(revoked.token, stream)
    assert not broadcast.admits("khong-phai-ma-cua-ai-ca-0123", stream)

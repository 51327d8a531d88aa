"""The contracts nginx relies on: who may publish (on_publish, on_publish_done, on_update)
and who may read a playlist or segment (auth_request). Only nginx may ask."""

from datetime import timedelta

import pytest
from django.core.cache import cache

from congtin.conferences.broadcast import nginx_rtmp as broadcast
from congtin.conferences.broadcast.nginx_rtmp import stream_key
from congtin.conferences.models import Conference, Presence
from tests.conferences.support import add_bridge_points, make_conference

ON_PUBLISH = "/hoi-nghi/phat-song/on-publish/?relay=127.0.0.1:1935"
ON_PUBLISH_DONE = "/hoi-nghi/phat-song/on-publish-done/"
ON_UPDATE = "/hoi-nghi/phat-song/on-update/"
HLS_AUTH = "/hoi-nghi/phat-song/hls-auth/"
OUTSIDE = "203.0.113.7"


def publish(client, key, *, app="live", clientid="1", path=ON_PUBLISH, **extra):
    """What nginx-rtmp posts on publish (notify_method post)."""
    fields = {
        "call": "publish",
        "app": app,
        "name": key,
        "type": "live",
        "addr": "192.0.2.10",
        "clientid": clientid,
        "tcurl": "rtmp://127.0.0.1:1935/live",
        "flashver": "FMLE/3.0",
    }
    return client.post(path, fields, **extra)


def publish_done(client, key, clientid="1", **extra):
    fields = {"call": "publish_done", "app": "live", "name": key, "clientid": clientid}
    return client.post(ON_PUBLISH_DONE, fields, **extra)


def update(client, key, clientid="1"):
    return client.post(
        ON_UPDATE, {"call": "update_publish", "app": "live", "name": key, "clientid": clientid, "time": "10"}
    )


def ask_hls(client, uri, **extra):
    """nginx's auth_request subrequest: the original URI in a header, no body."""
    return client.get(HLS_AUTH, HTTP_X_ORIGINAL_URI=uri, **extra)


def playlist(conference, token):
    return f"/hls/{broadcast.stream_name(conference)}.m3u8?t={token}"


def segment(conference, token, number=7):
    return f"/hls/{broadcast.stream_name(conference)}-{number}.ts?t={token}"


@pytest.fixture
def on_air(client, conference):
    assert publish(client, stream_key(conference)).status_code == 302
    conference.refresh_from_db()
    return conference


# Publishing ------------------------------------------------------------------------------


def test_publish_with_the_stream_key_goes_on_air_and_is_pushed_to_the_public_stream_name(client, conference):
    response = publish(client, stream_key(conference))
    assert response.status_code == 302
    name = broadcast.stream_name(conference)
    assert response["Location"] == f"rtmp://127.0.0.1:1935/hls/{name}?key={broadcast.relay_key(name)}"
    assert stream_key(conference) not in response["Location"]
    conference.refresh_from_db()
    assert conference.on_air and conference.on_air_since is not None
    assert conference.status == Conference.Status.LIVE


def test_only_the_push_carrying_the_relay_key_may_publish_into_hls(client, conference):
    name = broadcast.stream_name(conference)
    relay = "/hoi-nghi/phat-song/on-relay/"
    fields = {"call": "publish", "app": "hls", "name": name, "type": "live"}
    assert client.post(relay, {**fields, "key": broadcast.relay_key(name)}).status_code == 200
    assert client.post(relay, fields).status_code == 403  # straight into hls from this machine
    assert client.post(relay, {**fields, "key": broadcast.relay_key("0" * 16)}).status_code == 403
    assert client.post(relay, {**fields, "app": "live", "key": broadcast.relay_key(name)}).status_code == 403


def test_stream_name_is_short_hex_stable_and_reveals_no_key(conference):
    name = broadcast.stream_name(conference)
    assert len(name) == 16 and int(name, 16) >= 0
    assert name == broadcast.stream_name(Conference.objects.get(pk=conference.pk))
    assert name not in stream_key(conference) and name != broadcast.stream_name(make_conference(slug="khac"))


@pytest.mark.parametrize("key", ["", "sai-khoa", "A" * 32, "../../etc/passwd", "khóa có dấu và khoảng trắng"])
def test_publish_with_a_wrong_key_is_refused(client, conference, key):
    assert publish(client, key).status_code == 403
    conference.refresh_from_db()
    assert not conference.on_air and conference.status == Conference.Status.UPCOMING


def test_publish_to_an_ended_conference_is_refused(client, conference):
    Conference.objects.filter(pk=conference.pk).update(status=Conference.Status.ENDED)
    assert publish(client, stream_key(conference)).status_code == 403
    conference.refresh_from_db()
    assert not conference.on_air and conference.status == Conference.Status.ENDED


def test_publish_to_another_application_or_without_relay_is_refused(client, conference):
    assert publish(client, stream_key(conference), app="hls").status_code == 403
    assert publish(client, stream_key(conference), path="/hoi-nghi/phat-song/on-publish/").status_code == 403
    assert publish(client, stream_key(conference), path=ON_PUBLISH.replace("1935", "1935;evil")).status_code == 403
    conference.refresh_from_db()
    assert not conference.on_air


def test_publish_hook_answers_post_only(client, conference):
    assert client.get(ON_PUBLISH, {"name": stream_key(conference), "app": "live"}).status_code == 405


def test_a_live_conference_that_publishes_again_keeps_its_status_and_on_air_since(client, on_air):
    since = on_air.on_air_since
    assert publish(client, stream_key(on_air), clientid="9").status_code == 302
    on_air.refresh_from_db()
    assert on_air.on_air and on_air.on_air_since == since and on_air.status == Conference.Status.LIVE


def test_publish_done_takes_the_conference_off_air(client, on_air):
    assert publish_done(client, stream_key(on_air)).status_code == 200
    on_air.refresh_from_db()
    assert not on_air.on_air
    assert on_air.status == Conference.Status.LIVE  # the organiser ends the conference, not the encoder


def test_publish_done_with_an_unknown_key_changes_nothing(client, on_air):
    assert publish_done(client, "khong-phai-khoa-nao-ca-123456").status_code == 200
    on_air.refresh_from_db()
    assert on_air.on_air


def test_encoder_that_drops_and_returns_is_on_air_again_from_its_return(client, on_air):
    first_since = on_air.on_air_since
    publish_done(client, stream_key(on_air), clientid="1")
    assert publish(client, stream_key(on_air), clientid="2").status_code == 302
    on_air.refresh_from_db()
    assert on_air.on_air and on_air.on_air_since > first_since


def test_second_encoder_refused_by_nginx_does_not_leave_the_first_off_air(client, on_air):
    """nginx-rtmp reports the end of a publish it refused as "already publishing": the
    first encoder's next update puts the conference back on air, and the refused one's
    late update does not."""
    publish(client, stream_key(on_air), clientid="5")
    publish_done(client, stream_key(on_air), clientid="5")
    assert update(client, stream_key(on_air), clientid="5").status_code == 200
    on_air.refresh_from_db()
    assert not on_air.on_air
    assert update(client, stream_key(on_air), clientid="1").status_code == 200
    on_air.refresh_from_db()
    assert on_air.on_air


def test_late_update_of_an_ended_publisher_keeps_the_conference_off_air(client, on_air):
    publish_done(client, stream_key(on_air), clientid="1")
    update(client, stream_key(on_air), clientid="1")
    on_air.refresh_from_db()
    assert not on_air.on_air


# Who may call the hooks ------------------------------------------------------------------


def test_hooks_refuse_callers_from_outside(client, conference, bridge_point):
    assert publish(client, stream_key(conference), REMOTE_ADDR=OUTSIDE).status_code == 403
    assert publish_done(client, stream_key(conference), REMOTE_ADDR=OUTSIDE).status_code == 403
    assert ask_hls(client, playlist(conference, bridge_point.token), REMOTE_ADDR=OUTSIDE).status_code == 403
    conference.refresh_from_db()
    assert not conference.on_air


def test_hooks_accept_ipv6_loopback(client, conference):
    assert publish(client, stream_key(conference), REMOTE_ADDR="::1").status_code == 302


def test_shared_secret_admits_nginx_on_another_host(client, conference, bridge_point, settings):
    settings.BROADCAST_HOOK_SECRET = "bi-mat-chung-giua-nginx-va-ung-dung"
    assert publish(client, stream_key(conference), REMOTE_ADDR=OUTSIDE, HTTP_X_CONGTIN_HOOK="sai").status_code == 403
    assert (
        publish(
            client, stream_key(conference), REMOTE_ADDR=OUTSIDE, HTTP_X_CONGTIN_HOOK=settings.BROADCAST_HOOK_SECRET
        ).status_code
        == 302
    )
    # nginx-rtmp cannot send headers: its hook URLs carry the secret
    path = f"{ON_PUBLISH}&hook={settings.BROADCAST_HOOK_SECRET}"
    assert publish(client, stream_key(conference), path=path, REMOTE_ADDR=OUTSIDE).status_code == 302
    assert (
        ask_hls(
            client,
            playlist(conference, bridge_point.token),
            REMOTE_ADDR=OUTSIDE,
            HTTP_X_CONGTIN_HOOK=settings.BROADCAST_HOOK_SECRET,
        ).status_code
        == 204
    )


# Playlists and segments ------------------------------------------------------------------


def test_playlist_and_segments_are_served_to_an_active_bridge_point_of_the_conference(client, conference, bridge_point):
    assert ask_hls(client, playlist(conference, bridge_point.token)).status_code == 204
    assert ask_hls(client, segment(conference, bridge_point.token)).status_code == 204


def test_playlist_url_names_the_public_stream_and_the_token(conference, bridge_point, settings):
    url = broadcast.playlist_url(conference, bridge_point)
    assert url == f"/hls/{broadcast.stream_name(conference)}.m3u8?t={bridge_point.token}"
    assert stream_key(conference) not in url
    settings.HLS_BASE_URL = "https://truc-tiep.example.vn/"
    assert broadcast.playlist_url(conference, bridge_point).startswith("https://truc-tiep.example.vn/hls/")


@pytest.mark.parametrize(
    "case",
    [
        "wrong",
        "empty",
        "missing",
        "twice",
        "revoked",
        "other_conference_token",
        "other_conference_stream",
        "stream_key_as_name",
        "not_hls",
        "traversal",
    ],
)
def test_playlist_is_refused(client, conference, bridge_point, case):
    other = make_conference(slug="hoi-nghi-khac")
    other_point = add_bridge_points(other, 1, prefix="KH")[0]
    name, token = broadcast.stream_name(conference), bridge_point.token
    uri = {
        "wrong": f"/hls/{name}.m3u8?t={token[:-1]}{'A' if token[-1] != 'A' else 'B'}",
        "empty": f"/hls/{name}.m3u8?t=",
        "missing": f"/hls/{name}.m3u8",
        "twice": f"/hls/{name}.m3u8?t={token}&t={other_point.token}",
        "revoked": playlist(conference, token),
        "other_conference_token": playlist(conference, other_point.token),
        "other_conference_stream": playlist(other, token),
        "stream_key_as_name": f"/hls/{stream_key(conference)}.m3u8?t={token}",
        "not_hls": f"/hls/{name}.flv?t={token}",
        "traversal": f"/hls/../congtin-live.conf?t={token}",
    }[case]
    if case == "revoked":
        bridge_point.revoked = True
        bridge_point.save()
    assert ask_hls(client, uri).status_code == 403
    assert ask_hls(client, uri.replace(".m3u8", "-3.ts")).status_code == 403
    assert not Presence.objects.exists()


def test_revoked_bridge_point_loses_the_stream_once_its_short_admission_expires(client, conference, bridge_point):
    assert ask_hls(client, playlist(conference, bridge_point.token)).status_code == 204
    bridge_point.revoked = True
    bridge_point.save()
    cache.clear()  # ADMISSION_CACHE_SECONDS later
    assert ask_hls(client, playlist(conference, bridge_point.token)).status_code == 403
    assert broadcast.ADMISSION_CACHE_SECONDS <= 10


def test_admitted_player_requests_cost_no_query_until_the_next_heartbeat(
    client, conference, bridge_point, django_assert_num_queries
):
    ask_hls(client, playlist(conference, bridge_point.token))
    with django_assert_num_queries(0):
        for number in range(5):
            assert ask_hls(client, segment(conference, bridge_point.token, number)).status_code == 204
            assert ask_hls(client, playlist(conference, bridge_point.token)).status_code == 204


def test_refusal_costs_at_most_one_query(client, conference, django_assert_max_num_queries):
    url = playlist(conference, "X" * 32)
    with django_assert_max_num_queries(1):
        assert ask_hls(client, url).status_code == 403


def test_repeated_playlist_requests_record_presence_once(client, conference, bridge_point):
    for _ in range(6):
        ask_hls(client, playlist(conference, bridge_point.token))
        ask_hls(client, segment(conference, bridge_point.token))
    presence = Presence.objects.get()
    assert presence.bridge_point == bridge_point
    assert presence.first_seen == presence.last_seen and presence.seconds_online == 0


def test_bridge_point_that_reconnects_is_one_bridge_point_online_the_whole_time(client, conference, bridge_point):
    ask_hls(client, playlist(conference, bridge_point.token))
    # The player reconnects (another tab, a reload, a new network) 20 s later.
    Presence.objects.update(
        first_seen=Presence.objects.get().first_seen - timedelta(seconds=20),
        last_seen=Presence.objects.get().last_seen - timedelta(seconds=20),
    )
    cache.clear()
    ask_hls(client, playlist(conference, bridge_point.token))
    presence = Presence.objects.get()
    assert Presence.objects.count() == 1
    assert 19 <= presence.seconds_online <= 21


def test_each_bridge_point_has_its_own_presence(client, conference):
    points = add_bridge_points(conference, 3)
    for point in points:
        ask_hls(client, playlist(conference, point.token))
    assert sorted(Presence.objects.values_list("bridge_point__code", flat=True)) == ["DC01", "DC02", "DC03"]

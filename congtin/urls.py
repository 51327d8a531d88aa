from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from congtin.core.views import robots_txt
from congtin.news.admin_create import create_page
from congtin.news.corrections import corrections_archive
from congtin.news.feeds import LatestArticlesFeed, SectionFeed
from congtin.news.sitemaps import sitemap_index, sitemap_section
from congtin.news.tags import topic_page
from congtin.readership.views import read_beacon

urlpatterns = [
    # Wagtail's page creation, safe against a save racing the autosave (at Wagtail's own address).
    path(
        "admin/pages/add/<slug:content_type_app_name>/<slug:content_type_model_name>/<int:parent_page_id>/", create_page
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("robots.txt", robots_txt, name="robots"),
    path("sitemap.xml", sitemap_index, name="sitemap"),
    path("sitemap-<section>.xml", sitemap_section, name="sitemap-section"),
    path("rss/", LatestArticlesFeed(), name="rss"),
    path("rss/<slug:section>/", SectionFeed(), name="rss-section"),
    path("dinh-chinh/", corrections_archive, name="corrections"),
    path("chu-de/<slug:slug>/", topic_page, name="topic"),
    # A read, sent by the article's script (congtin.readership). "_": no page's slug ([a-z0-9-]) can
    # shadow it or be shadowed (a section "Đọc" is /doc/). Any text, so a bad id is its 400, not a page lookup.
    re_path(r"^_doc/(?P<raw_id>[^/]+)/$", read_beacon, name="read-beacon"),
    path("tim-kiem/", include("congtin.search.urls")),
    path("hoi-nghi/", include("congtin.conferences.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]

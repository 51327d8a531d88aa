"""The site's chrome (header, menu, footer, social box) rendered once per change, not per page.

Templates cache these fragments under `site_version` (in every template's context). A
change to the menu (a section published, unpublished, renamed or moved: congtin.news) or to
the organisation's settings gives the site a new version (`pagecache.new_site_version()`),
and the fragments render afresh.
"""

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from congtin import pagecache

from .models import OrganisationSettings

ORGANISATION_SECONDS = 86400


def organisation_for(request: HttpRequest) -> OrganisationSettings:
    """The organisation's settings for the request's site, from the cache while the site
    version holds (Wagtail reads them from the database on every page)."""
    site = Site.find_for_request(request)
    return pagecache.fragment(
        f"congtin:organisation:{site.pk if site else 0}",
        lambda: OrganisationSettings.for_request(request),
        seconds=ORGANISATION_SECONDS,
        versions=[pagecache.SITE_VERSION],
    )


def context(request: HttpRequest) -> dict[str, Any]:
    """`site_version` for fragment cache keys and `organisation`, each read only when a
    template asks for it."""
    return {
        "site_version": SimpleLazyObject(pagecache.site_version),
        "organisation": SimpleLazyObject(lambda: organisation_for(request)),
    }


@receiver(post_save, sender=OrganisationSettings)
def settings_changed(sender: type[OrganisationSettings], **kwargs: Any) -> None:
    pagecache.new_site_version()

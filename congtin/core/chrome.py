"""The site's chrome (header, menu, footer, social box) rendered once per change, not per page.

Templates cache these fragments under `site_version` (in every template's context). A
change to the menu (a section published, unpublished, renamed or moved: congtin.news) or to
the organisation's settings gives the site a new version, and the fragments render afresh.
"""

from django.core.cache import caches
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from congtin import pagecache

from .models import OrganisationSettings


def site_version():
    """The page cache's generation: a site-wide change renews it, dropping every cached page
    and every chrome fragment at once."""
    return pagecache.generation()


new_site_version = pagecache.purge_everything


def organisation_for(request):
    """The organisation's settings for the request's site, from the cache while the site
    version holds (Wagtail reads them from the database on every page)."""
    site = Site.find_for_request(request)
    key = f"congtin:organisation:{site.pk if site else 0}:{site_version()}"
    organisation = caches["fragments"].get(key)
    if organisation is None:
        organisation = OrganisationSettings.for_request(request)
        caches["fragments"].set(key, organisation, 86400)
    return organisation


def context(request):
    """`site_version` for fragment cache keys and `organisation`, each read only when a
    template asks for it."""
    return {
        "site_version": SimpleLazyObject(site_version),
        "organisation": SimpleLazyObject(lambda: organisation_for(request)),
    }


@receiver(post_save, sender=OrganisationSettings)
def settings_changed(sender, **kwargs):
    new_site_version()

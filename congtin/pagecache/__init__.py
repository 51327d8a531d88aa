"""Whole pages for anonymous readers, kept until something they show changes.

The door, for the apps that render pages:
- `tag(request, *tags)` / `tag_pages(request, pages)` while rendering: what this page
  shows. A page with tags is kept long, because a change to any of them purges it; a
  page without tags (search results) is kept briefly.
- `purge(paths=..., tags=...)` after a change: drops those pages, and every page tagged
  with those tags, from the app's cache at once and from nginx or a CDN (Wagtail's
  frontend cache backends) when the transaction commits.
- `version(name)` / `new_version(name)`: a shared number for keys of things computed from
  what `name` names; `fragment(key, compute, versions=...)` keeps such a thing under them.
- `site_version()` / `new_site_version()`: the version named SITE_VERSION, of what every
  page shows (the menu, the organisation): renewing it drops every kept page and chrome
  fragment at once.
"""

from .purge import purge
from .store import SITE_VERSION, fragment, new_site_version, new_version, site_version, version
from .tags import page_tag, tag, tag_pages

__all__ = [
    "SITE_VERSION",
    "fragment",
    "new_site_version",
    "new_version",
    "page_tag",
    "purge",
    "site_version",
    "tag",
    "tag_pages",
    "version",
]

"""What a page shows, said while it renders."""


def tag(request, *tags):
    if request is not None:
        request.__dict__.setdefault("_congtin_cache_tags", set()).update(tags)


def page_tag(page_or_pk):
    return f"page:{getattr(page_or_pk, 'pk', page_or_pk)}"


def tag_pages(request, pages):
    """This page links to these pages (by title, date...): it is stale when one changes."""
    tag(request, *(page_tag(page) for page in pages))


def tags_of(request):
    return request.__dict__.get("_congtin_cache_tags", set())

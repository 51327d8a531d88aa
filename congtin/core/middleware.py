"""HTTP caching headers for the public site."""

from django.utils.cache import patch_cache_control


class RevalidatePublicPages:
    """Every successful GET that set no caching policy of its own says how it may be kept:
    anonymous readers' browsers keep it but ask again each time (the ETag from
    ConditionalGetMiddleware turns an unchanged page into a 304); a signed-in editor's page
    stays private. Views with a policy (the admin's never_cache, the live pages) keep theirs.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method in ("GET", "HEAD") and response.status_code == 200 and not response.has_header("Cache-Control"):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True, no_cache=True)
            else:
                patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return response

"""QR codes drawn on the server as inline SVG: no image request, sharp when printed."""

from functools import lru_cache

import segno
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@lru_cache(maxsize=4096)
def qr_svg(data: str, label: str = "") -> SafeString:
    """An accessible inline SVG QR code that encodes `data`.

    Encoding takes ~7 ms (segno tries eight masks) and the answer never changes, so each
    process remembers the last few thousand: an article re-rendered after a purge pays once.
    """
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=2, svgclass="qr", lineclass=None, title=label or None)
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label or data)}" ', 1))

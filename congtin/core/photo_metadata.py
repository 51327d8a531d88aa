"""Photos are stored without what they tell of the photographer: where, with what, by whom.

A phone photo carries its GPS position, the camera's make, model and serial number, maker
notes, XMP/IPTC location fields and comments; the stored original is public
(/media/original_images/…) and Willow copies EXIF into every JPEG and PNG rendition. So the
photo is cleaned once, before it is stored: its EXIF orientation is applied to the pixels
(a rotated phone photo stays upright), then it is written again with only what displays it
(pixels, colour profile, resolution, transparency). Renditions made from the clean original
are clean. A photo with nothing to remove is stored byte for byte as it came.

One function, `clean_photo`, serves the importer and every upload through the Wagtail admin
(`connect_signals` hooks it before any image is saved; CoreConfig.ready calls it).
"""

import hashlib
import io
import logging
from typing import Any

from django.core.files.base import ContentFile
from django.db.models.signals import pre_save
from PIL import Image, ImageOps, JpegImagePlugin

logger = logging.getLogger(__name__)

# What a decoder needs to show the photo as it was meant: everything else in a file's
# metadata (EXIF, XMP, IPTC/Photoshop, comments, PNG text chunks, unknown keys) is removed.
DISPLAY_INFO = frozenset(
    {
        "icc_profile",
        "dpi",
        "jfif",
        "jfif_version",
        "jfif_unit",
        "jfif_density",
        "adobe",
        "adobe_transform",
        "progressive",
        "progression",
        "transparency",
        "gamma",
        "srgb",
        "chromaticity",
        "aspect",
        "interlace",
        "background",
        "version",
        "duration",
        "loop",
        "timestamp",
    }
)
# JPEG application segments that only describe display: JFIF (APP0), ICC profile (APP2),
# Adobe colour transform (APP14). APP1 (Exif, XMP), APP13 (Photoshop/IPTC) and others go.
DISPLAY_JPEG_SEGMENTS = (("APP0", b"JFIF"), ("APP0", b"JFXX"), ("APP2", b"ICC_PROFILE"), ("APP14", b"Adobe"))
ORIENTATION = 0x0112
# Lossy formats re-encoded without their encoder's settings at hand (JPEG keeps its own tables).
REENCODE_QUALITY = 90


def has_private_metadata(image: Image.Image) -> bool:
    """Whether the opened (not decoded) photo carries anything beyond what displays it."""
    if any(key not in DISPLAY_INFO for key in image.info):
        return True
    for marker, data in getattr(image, "applist", []):
        if not any(marker == kept and data.startswith(prefix) for kept, prefix in DISPLAY_JPEG_SEGMENTS):
            return True
    return False


def is_rotated(image: Image.Image) -> bool:
    return image.getexif().get(ORIENTATION, 1) != 1


def clean_photo(data: bytes) -> bytes | None:
    """The photo upright and without private metadata, or None when it has nothing to
    remove (then store it as it is: no re-encoding, no loss).

    Animated images are left as they are (Pillow would flatten them); so is anything Pillow
    cannot read, which Wagtail's upload form and the importer refuse before this is asked.
    """
    try:
        with Image.open(io.BytesIO(data)) as image:
            # A phone's MPO (a JPEG followed by previews or depth maps) is a still photo.
            if getattr(image, "is_animated", False) and image.format != "MPO":
                return None
            if not has_private_metadata(image) and not is_rotated(image):
                return None
            return _rewritten(image)
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        logger.warning("Photo metadata left in place: Pillow cannot rewrite this file (%s)", error)
        return None


def _rewritten(image: Image.Image) -> bytes:
    """Write the photo again in its own format with only its display information."""
    source_format = image.format
    options: dict[str, Any] = {}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if "dpi" in image.info:
        options["dpi"] = image.info["dpi"]
    if source_format in ("JPEG", "MPO"):  # MPO: a JPEG with extra pictures (previews, depth)
        output_format = "JPEG"
        assert isinstance(image, JpegImagePlugin.JpegImageFile)  # MPO is one too
        options.update(_jpeg_options(image))
    elif source_format in ("WEBP", "AVIF"):
        output_format = source_format
        options["quality"] = REENCODE_QUALITY
    else:  # PNG and GIF are lossless
        output_format = source_format or "PNG"
        if "transparency" in image.info:
            options["transparency"] = image.info["transparency"]
    upright = ImageOps.exif_transpose(image)
    upright.info = {}  # some writers fall back on the image's own info (JPEG comments)
    output = io.BytesIO()
    upright.save(output, output_format, **options)
    return output.getvalue()


def _jpeg_options(image: JpegImagePlugin.JpegImageFile) -> dict[str, Any]:
    """The source's own quantization tables and chroma subsampling: the same quality again."""
    options: dict[str, Any] = {"qtables": image.quantization, "optimize": True}
    sampling = JpegImagePlugin.get_sampling(image)
    if sampling != -1:
        options["subsampling"] = sampling
    if image.info.get("progressive") or image.info.get("progression"):
        options["progressive"] = True
    return options


def clean_image_file(sender: type, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    """pre_save of Wagtail's image model: a new file (an upload, an import, a replaced file)
    is cleaned before Django writes it to storage."""
    if raw or not instance.file:
        return
    field_file = instance.file
    committed = getattr(field_file, "_committed", True)
    if committed and not instance._state.adding:
        return  # a stored image saved again (title, focal point): its file was cleaned before
    if committed:
        try:
            with field_file.storage.open(field_file.name, "rb") as handle:
                cleaned = clean_photo(handle.read())
        except OSError:  # a row naming a file that is not there: Wagtail reports it on use
            return
    else:  # an upload: left open and rewound for Django to write
        field_file.open("rb")
        field_file.seek(0)
        cleaned = clean_photo(field_file.read())
        field_file.seek(0)
    if cleaned is None:
        return
    name = field_file.name.rsplit("/", 1)[-1]
    stored_before = field_file.name if committed else None
    if committed:  # already written (Wagtail's "upload several, then describe" path)
        field_file.save(name, ContentFile(cleaned), save=False)
        if not type(instance).objects.filter(file=stored_before).exists():
            field_file.storage.delete(stored_before)  # the copy with the metadata
    else:
        instance.file = ContentFile(cleaned, name=name)
    with Image.open(io.BytesIO(cleaned)) as clean:
        instance.width, instance.height = clean.size
    # What Wagtail's _set_image_file_metadata records, of the bytes stored (its hash is SHA-1).
    instance.file_size = len(cleaned)
    instance.file_hash = hashlib.sha1(cleaned).hexdigest()


def connect_signals() -> None:
    from wagtail.images import get_image_model

    pre_save.connect(clean_image_file, sender=get_image_model(), dispatch_uid="congtin.photo_metadata")

"""Photos are published without where and with what they were taken, and upright.

A phone photo made here carries what a real one does: GPS position, make, model and body
serial number, a comment, XMP, an ICC profile, and Orientation=6 (its pixels are stored
lying on their side). Whether it arrives by import or by the Wagtail admin's upload form,
the stored original and its JPEG, WebP and AVIF renditions must tell none of it and show the
photo upright.
"""

import io
import json
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageCms
from wagtail.images import get_image_model

from congtin.core.photo_metadata import clean_photo
from congtin.news.importer import import_file
from congtin.news.models import ArticlePage

GPS_IFD, EXIF_IFD = 0x8825, 0x8769
MAKE, MODEL, ORIENTATION, BODY_SERIAL = 0x010F, 0x0110, 0x0112, 0xA431
# The upright photo is portrait, 600 x 800, with a red square in its top-left corner.
UPRIGHT = (600, 800)
RED, BLUE = (220, 20, 20), (20, 40, 200)
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
SECRETS = (b"SN-4410-7781", b"Samsung", b"SM-A546E", b"Nha rieng cua phong vien")
RENDITIONS = ("width-480|format-jpeg", "width-480|format-webp", "width-480|format-avif")


def phone_photo(fmt: str = "JPEG") -> bytes:
    """A photo as a phone stores it: pixels on their side (Orientation=6) and everything about it."""
    upright = Image.new("RGB", UPRIGHT, BLUE)
    upright.paste(RED, (0, 0, 100, 100))
    stored = upright.transpose(Image.Transpose.ROTATE_90)  # Orientation 6 turns it back
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Samsung", "SM-A546E", 6
    exif.get_ifd(EXIF_IFD)[BODY_SERIAL] = "SN-4410-7781"
    gps = exif.get_ifd(GPS_IFD)
    gps.update({1: "N", 2: (20.0, 51.0, 44.5), 3: "E", 4: (106.0, 41.0, 2.1)})
    xmp = (
        b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:Description photoshop:City="Nha rieng cua phong vien"/></x:xmpmeta>'
    )
    extra = {"comment": b"Nha rieng cua phong vien", "xmp": xmp} if fmt == "JPEG" else {}
    out = io.BytesIO()
    stored.save(out, fmt, exif=exif, icc_profile=SRGB, **extra)
    return out.getvalue()


def assert_clean_and_upright(data: bytes, size: tuple[int, int] = UPRIGHT) -> None:
    """What anyone who downloads the file can read from it: no GPS, no camera, upright."""
    for secret in SECRETS:
        assert secret not in data, secret
    with Image.open(io.BytesIO(data)) as photo:
        exif = photo.getexif()
        assert not exif.get_ifd(GPS_IFD) and MAKE not in exif and MODEL not in exif
        assert BODY_SERIAL not in exif.get_ifd(EXIF_IFD)
        assert "comment" not in photo.info and "xmp" not in photo.info
        assert photo.size == size
        picture = photo.convert("RGB")
        corner, far = picture.getpixel((size[0] // 20, size[1] // 40)), picture.getpixel((size[0] - 10, size[1] - 10))
    assert corner[0] > 150 and corner[2] < 100, f"the red corner is not top-left: {corner}"
    assert far[2] > 150 and far[0] < 100, far


def assert_stored_and_renditions_clean(image) -> None:
    assert (image.width, image.height) == UPRIGHT
    with image.open_file() as handle:
        stored = handle.read()
    assert_clean_and_upright(stored)
    with Image.open(io.BytesIO(stored)) as photo:
        assert photo.info.get("icc_profile") == SRGB  # the colour profile stays
    for spec in RENDITIONS:
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            assert_clean_and_upright(handle.read(), (480, 640))


def test_clean_photo_applies_the_orientation_and_drops_the_metadata():
    for fmt in ("JPEG", "PNG", "WEBP", "AVIF"):
        cleaned = clean_photo(phone_photo(fmt))
        assert cleaned is not None, fmt
        assert_clean_and_upright(cleaned)
        with Image.open(io.BytesIO(cleaned)) as photo:
            assert photo.format == fmt and photo.info.get("icc_profile") == SRGB


def test_a_multi_picture_jpeg_keeps_its_first_picture_only_and_cleaned():
    """Phones write MPO: the photo, then previews or depth maps, each with its own EXIF."""
    with Image.open(io.BytesIO(phone_photo())) as photo:
        main = photo.copy()
    exif = Image.Exif()
    exif[MAKE], exif[MODEL], exif[ORIENTATION] = "Samsung", "SM-A546E", 6
    out = io.BytesIO()
    main.save(out, "MPO", save_all=True, append_images=[main.resize((120, 90))], exif=exif)
    with Image.open(io.BytesIO(out.getvalue())) as mpo:
        assert mpo.format == "MPO" and mpo.n_frames == 2
    cleaned = clean_photo(out.getvalue())
    assert cleaned is not None
    assert_clean_and_upright(cleaned)
    with Image.open(io.BytesIO(cleaned)) as photo:
        assert photo.format == "JPEG" and getattr(photo, "n_frames", 1) == 1


def test_a_photo_with_nothing_to_remove_is_stored_as_it_came():
    out = io.BytesIO()
    Image.new("RGB", (300, 200), BLUE).save(out, "JPEG", icc_profile=SRGB, quality=92)
    assert clean_photo(out.getvalue()) is None
    assert clean_photo(clean_photo(phone_photo())) is None  # cleaning twice changes nothing


def test_jpeg_keeps_its_quality_when_rewritten():
    """The source's quantization tables are reused: no second, coarser compression."""
    out = io.BytesIO()
    exif = Image.Exif()
    exif[MAKE] = "Samsung"
    Image.effect_noise((400, 300), 60).convert("RGB").save(out, "JPEG", quality=95, exif=exif)
    with Image.open(io.BytesIO(out.getvalue())) as before, Image.open(io.BytesIO(clean_photo(out.getvalue()))) as after:
        assert after.quantization == before.quantization


def test_imported_photo_and_its_renditions_carry_no_metadata_and_stand_upright(home, tmp_path):
    (tmp_path / "dien-thoai.jpg").write_bytes(phone_photo())
    record = {
        "id": "gps-1",
        "title": "Ảnh chụp bằng điện thoại",
        "body_html": '<figure><img src="dien-thoai.jpg"><figcaption>Hiện trường</figcaption></figure>',
    }
    (tmp_path / "a.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    report = import_file(tmp_path / "a.jsonl", home=home)
    assert report.errors == [] and report.created == 1
    assert_stored_and_renditions_clean(ArticlePage.objects.get().image)

    import_file(tmp_path / "a.jsonl", home=home)  # the cleaned copy is found again
    assert get_image_model().objects.count() == 1


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_photo_uploaded_in_the_admin_and_its_renditions_carry_no_metadata(client, db, fmt):
    client.force_login(get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai"))
    extension = {"JPEG": "jpg", "PNG": "png"}[fmt]
    upload = SimpleUploadedFile(f"hien-truong.{extension}", phone_photo(fmt), content_type=f"image/{fmt.lower()}")
    response = client.post(reverse("wagtailimages:add"), {"title": "Hiện trường", "file": upload})
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get()
    assert image.file.name.endswith(f".{extension}")
    assert_stored_and_renditions_clean(image)


def test_photo_uploaded_several_at_once_in_the_admin_is_cleaned(client, db):
    client.force_login(get_user_model().objects.create_superuser("bientap", "bientap@example.vn", "mat-khau-dai"))
    upload = SimpleUploadedFile("hien-truong.jpg", phone_photo(), content_type="image/jpeg")
    response = client.post(reverse("wagtailimages:add_multiple"), {"files[]": upload})
    assert response.status_code == 200 and response.json()["success"], response.content[:500]
    assert_stored_and_renditions_clean(get_image_model().objects.get())


def test_a_file_already_in_storage_is_replaced_by_its_clean_copy(db):
    """Wagtail's "upload, then describe" path writes the file before the image is saved."""
    dirty_name = default_storage.save("original_images/da-luu.jpg", ContentFile(phone_photo()))
    image = get_image_model()(title="Đã lưu", file=dirty_name)
    image.save()
    assert not default_storage.exists(dirty_name)
    assert_stored_and_renditions_clean(image)
    name = image.file.name
    image.title = "Đổi tên"
    image.save()  # saved again: the file is not read or written again
    assert image.file.name == name


def test_seed_article_photos_are_stored_without_metadata(home, shared_dir):
    report = import_file(Path(shared_dir) / "seed" / "seed-article.jsonl", home=home)
    assert report.errors == [] and report.created == 1
    for image in get_image_model().objects.all():
        with image.open_file() as handle, Image.open(handle) as photo:
            assert not photo.getexif().get_ifd(GPS_IFD) and MAKE not in photo.getexif()
            assert "comment" not in photo.info and "xmp" not in photo.info

"""Replace Wagtail's placeholder welcome page with the portal's home page."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import migrations


def create_homepage(apps, schema_editor):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    Locale = apps.get_model("wagtailcore.Locale")
    HomePage = apps.get_model("news.HomePage")

    if HomePage.objects.exists():
        return
    Page.objects.filter(depth=2, content_type__app_label="wagtailcore", content_type__model="page").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="news")
    root = Page.objects.get(depth=1)
    home = HomePage.objects.create(
        title="Trang chủ",
        draft_title="Trang chủ",
        slug="home",
        content_type=content_type,
        path=root.path + "0001",
        depth=2,
        numchild=0,
        url_path="/home/",
        locale=Locale.objects.order_by("pk").first(),
        live=True,
    )
    root.numchild = Page.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    origin = urlsplit(settings.SITE_URL)
    Site.objects.all().delete()
    Site.objects.create(
        hostname=origin.hostname or "localhost",
        port=origin.port or (443 if origin.scheme == "https" else 80),
        site_name=settings.WAGTAIL_SITE_NAME,
        root_page=home,
        is_default_site=True,
    )


class Migration(migrations.Migration):
    dependencies = [("news", "0001_initial")]
    operations = [migrations.RunPython(create_homepage, migrations.RunPython.noop)]

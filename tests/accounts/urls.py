"""The site's URLs plus Django's own admin at /django-admin/, where a deployment may mount it."""

from django.contrib import admin
from django.urls import path

from congtin.urls import urlpatterns as site_urlpatterns

urlpatterns = [path("django-admin/", admin.site.urls), *site_urlpatterns]

"""Under the Wagtail admin (wagtail_hooks.register_admin_urls), so only signed-in users reach them."""

from django.urls import path

from . import views

urlpatterns = [
    path("tai-khoan/xac-minh/", views.verify, name="accounts_verify"),
    path("tai-khoan/xac-thuc-hai-buoc/", views.enrol, name="accounts_enrol"),
    path("tai-khoan/xac-thuc-hai-buoc/ma-khoi-phuc/", views.new_recovery_codes, name="accounts_recovery_codes"),
]

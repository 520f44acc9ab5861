"""The portal's URLs as they are with DJANGO_DEBUG=true: uploaded media served under
MEDIA_URL from MEDIA_ROOT (taskforce/urls.py), for a test that exports stay out of reach."""

from django.conf import settings
from django.conf.urls.static import static
from django.test import override_settings

from taskforce.urls import urlpatterns as portal_urlpatterns

with override_settings(DEBUG=True):
    urlpatterns = static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
urlpatterns += portal_urlpatterns

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.conf.urls.static import static
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from taskforce.roadmap import views as roadmap_views
from workinggroups import urls as workinggroups_urls

from . import views
from .sitemaps import SITEMAPS

taskforce_patterns = (
    [
        path("", views.HomeView.as_view(), name="home"),
        path("themes/", roadmap_views.ThemeListView.as_view(), name="theme_list"),
        path("themes/<slug:slug>/", roadmap_views.ThemeDetailView.as_view(), name="theme_detail"),
        path("search/", views.search, name="search"),
        path("about/", views.AboutView.as_view(), name="about"),
        path("privacy/", views.PrivacyView.as_view(), name="privacy"),
        path("developers/", views.DevelopersView.as_view(), name="developers"),
    ],
    "taskforce",
)

# The working groups' URLs, with a group's page replaced by the project's (its meetings too).
workinggroups_patterns = (
    [
        path(str(pattern.pattern), views.WorkingGroupPageView.as_view(), name="detail")
        if pattern.name == "detail"
        else pattern
        for pattern in workinggroups_urls.urlpatterns
    ],
    workinggroups_urls.app_name,
)

# Staff sign in through the portal's login: its rate limits and two-factor step apply.
admin.site.login = secure_admin_login(admin.site.login)

urlpatterns = [
    path("admin/", admin.site.urls),
    path("healthz", views.healthz, name="healthz"),
    path("healthz/background", views.background_health, name="background_health"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    path("api/v1/", include("taskforce.api.urls")),
]

urlpatterns += i18n_patterns(
    path("", include(taskforce_patterns)),
    path("", include(workinggroups_patterns)),
    path("documents/", include("documents.urls")),
    # Before allauth's accounts/ so that accounts/registrations/ is ours.
    path("", include("registrations.urls")),
    path("", include("subscriptions.urls")),
    path("accounts/", include("allauth.urls")),
)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

handler404 = views.page_not_found
handler500 = views.server_error

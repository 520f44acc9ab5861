from django.urls import include, path
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import SimpleRouter

from . import views

app_name = "api"

router = SimpleRouter()
router.register("themes", views.ThemeViewSet, basename="themes")
router.register("recommendations", views.RecommendationViewSet, basename="recommendations")
router.register("working-groups", views.WorkingGroupViewSet, basename="working-groups")
router.register("organizations", views.OrganizationViewSet, basename="organizations")
router.register("documents", views.DocumentViewSet, basename="documents")
router.register("events", views.EventViewSet, basename="events")


class SchemaView(views.OpenDataMixin, SpectacularAPIView):
    """The OpenAPI 3 schema, as JSON."""

    renderer_classes = [OpenApiJsonRenderer]


urlpatterns = [
    path("", views.RootView.as_view(), name="root"),
    path("schema/", SchemaView.as_view(), name="schema"),
    path("", include(router.urls)),
]

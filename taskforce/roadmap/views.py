from django.views.generic import DetailView, ListView

from documents.models import Document

from .models import Recommendation, Theme


class ThemeListView(ListView):
    model = Theme
    template_name = "taskforce/theme_list.html"

    def get_queryset(self):
        return Theme.objects.with_recommendation_count()


class ThemeDetailView(DetailView):
    model = Theme
    template_name = "taskforce/theme_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            recommendations=Recommendation.objects.for_theme(self.object).prefetch_related(
                "working_groups"
            ),
            documents=Document.objects.published().for_theme(self.object).real_first()[:10],
            other_themes=Theme.objects.exclude(pk=self.object.pk),
            **kwargs,
        )

from django.views.generic.list import MultipleObjectMixin


class ForgivingPaginationMixin(MultipleObjectMixin):
    """A page number that is not a number, or past the end, shows the nearest page
    instead of an error: visitors arrive with old and hand-edited links."""

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(
            queryset,
            page_size,
            orphans=self.get_paginate_orphans(),
            allow_empty_first_page=self.get_allow_empty(),
        )
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        # The page links keep the list's filters.
        query = self.request.GET.copy()
        query.pop(self.page_kwarg, None)
        return super().get_context_data(filter_query=query.urlencode(), **kwargs)

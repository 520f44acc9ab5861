"""Staff preview of pages not yet public: a document or event that is unpublished,
scheduled for later, or withdrawn answers 404 to everyone but signed-in staff who may change
it, who see its page marked "Preview", never cached (the page cache serves nobody signed in,
and the response is private)."""

from django.http import Http404


class PreviewMixin:
    """For a DetailView whose get_queryset() holds the public rows: staff with
    `preview_permission` also get the others, marked as a preview."""

    preview_permission = ""
    preview = False

    def get_object(self, queryset=None):
        try:
            return super().get_object(queryset)
        except Http404:
            if not self.request.user.has_perm(self.preview_permission):
                raise
        self.preview = True
        return super().get_object(self.get_preview_queryset())

    def get_preview_queryset(self):
        """Every row of the public queryset's model (override to add related rows)."""
        return self.get_queryset().model._default_manager.all()

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=self.preview, **kwargs)

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.preview:
            response["Cache-Control"] = "private, no-store"
            response["X-Robots-Tag"] = "noindex"
        return response

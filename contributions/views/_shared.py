"""What the views of this app share: the collective owned by the user, and the
one shape of a page with a form."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from collectives.models import Collective


def owned(request: HttpRequest, slug: str, queryset=None) -> Collective:
    """One of the user's collectives, or 404 (also for collectives of others)."""
    queryset = Collective.objects.all() if queryset is None else queryset
    return get_object_or_404(queryset.filter(owners=request.user), slug=slug)


def form_page(
    request: HttpRequest,
    form_class,
    *,
    template: str,
    on_valid: Callable[..., HttpResponse | None],
    context: dict | Callable[[], dict] = None,
    form_kwargs: dict | None = None,
    initial: dict | Callable[[], dict] | None = None,
    on_invalid: Callable[..., None] | None = None,
    accepts_post: bool = True,
) -> HttpResponse:
    """A page with a form. GET (or a POST the page does not take) shows it empty
    or with `initial`; a POST binds it. When it is valid, `on_valid(form)` runs
    and its response (a redirect) is returned; when it is not, `on_invalid(form)`
    runs if given. A ValidationError from either becomes an error of the form;
    without a response, the page is shown again with what was typed. `context`
    (a dict, or a function called after the form is handled) fills the page."""
    form_kwargs = form_kwargs or {}
    if request.method == "POST" and accepts_post:
        form = form_class(request.POST, **form_kwargs)
        try:
            if form.is_valid():
                if (response := on_valid(form)) is not None:
                    return response
            elif on_invalid is not None:
                on_invalid(form)
        except ValidationError as error:
            form.add_error(None, error.messages)
    else:
        if callable(initial):
            initial = initial()
        form = form_class(initial=initial, **form_kwargs)
    context = context() if callable(context) else (context or {})
    return render(request, template, {**context, "form": form})

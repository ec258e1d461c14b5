from django.core.paginator import Paginator


def paginate(request, queryset, per_page, count=None):
    """The requested page of ``queryset``; bad or out-of-range ``?page=`` never errors.

    Non-numbers, zero and negatives give the first page; numbers past the end give the last.
    ``count``, when the caller knows it already, saves the paginator its ``COUNT`` query.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # replaces the cached_property for this paginator
    raw = request.GET.get("page", "1")
    try:
        number = int(raw[:20]) if raw.strip().lstrip("-").isdigit() else 1
    except ValueError:
        number = 1
    number = max(1, min(number, paginator.num_pages))
    return paginator.page(number)

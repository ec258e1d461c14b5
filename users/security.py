"""Login protection: who is asking (for the lockout of django-axes)."""

from django.conf import settings


def client_address(request):
    """The client's address: REMOTE_ADDR, or behind PROXY_COUNT reverse proxies the address the
    outermost proxy appended to X-Forwarded-For (what a client writes there itself comes
    before it and is never trusted)."""
    count = settings.PROXY_COUNT
    if count:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR")

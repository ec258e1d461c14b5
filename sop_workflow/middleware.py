from django.template.response import TemplateResponse

from .models import SOPRefusal


class SOPRefusalMiddleware:
    """Answers an action refused by an SOP rule with HTTP 403 and the rule's reason."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, SOPRefusal):
            return None
        response = TemplateResponse(
            request, "sop_workflow/refused.html", {"reason": str(exception)}, status=403
        )
        return response.render()

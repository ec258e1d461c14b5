from django import template

register = template.Library()


@register.filter
def durasi(value):
    """A standard time in words: ``1 jam 5 menit``, ``10 menit``."""
    if value is None:
        return ""
    minutes = int(value.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    parts = [f"{days} hari"] if days else []
    if hours:
        parts.append(f"{hours} jam")
    if minutes or not parts:
        parts.append(f"{minutes} menit")
    return " ".join(parts)

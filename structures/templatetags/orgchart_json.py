"""`json_data`: Django's json_script filter rendered with orjson, for the multi-megabyte trees chart pages carry."""

from __future__ import annotations

from typing import Any

import orjson
from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# The same escapes as django.utils.html.json_script, so nothing in the data can close the <script> element;
# str.replace, as str.translate with a mapping takes a second over a few megabytes of CJK text.
SCRIPT_ESCAPES = ((">", "\\u003E"), ("<", "\\u003C"), ("&", "\\u0026"))


@register.filter(is_safe=True)
def json_data(value: Any, element_id: str) -> SafeString:
    """Output `value` as JSON in a `<script type="application/json">` element, as json_script does, faster.

    The JSON is compact UTF-8 rather than json_script's ASCII with spaces; it parses to the same value.
    """
    text = orjson.dumps(value, default=DjangoJSONEncoder().default).decode()
    for character, escaped in SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script id="{}" type="application/json">{}</script>', element_id, mark_safe(text))

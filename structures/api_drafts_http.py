"""HTTP plumbing of the draft-editing API: who may write, how a body is read, how a refusal is answered."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import APIException, NotAuthenticated, ParseError, PermissionDenied
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from structures import api, errors
from structures.roles import ROLES
from structures.throttling import ThrottledBasicAuthentication

# Messages the tests reuse (the services' own are in structures/errors.py).
LOGIN_NEEDED = (
    "Editing drafts needs a login: send HTTP Basic credentials, or the session cookie with its CSRF token, "
    "of a staff account in the editors group (the publishers group to publish)."
)
NO_PERMISSION = (
    'Your account may not {method} here: it needs the "{permission}" permission on a staff account ({role}).'
)
UNKNOWN_FIELD = 'Unknown field "{field}"; the fields are: {fields}.'
BODY_NOT_OBJECT = "The body must be a JSON object; got {kind}."
NOT_TEXT = "JSON parse error - a string holds a lone surrogate (half of a UTF-16 pair), which is not text."


class BadInput(APIException):
    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid"


class TextJSONParser(JSONParser):
    """Parse JSON, refusing strings that no database can store as text (a lone surrogate, e.g. "\\ud800")."""

    def parse(self, stream, media_type=None, parser_context=None) -> Any:
        data = super().parse(stream, media_type, parser_context)
        try:
            json.dumps(data, ensure_ascii=False).encode()
        except UnicodeEncodeError:
            raise ParseError(NOT_TEXT) from None
        return data


class DraftRolePermission(BasePermission):
    """Allow a write to an active staff account with the Django model permission the admin asks for the same act."""

    def has_permission(self, request: Request, view: DraftWriteView) -> bool:
        needed = view.required_permissions.get(request.method)
        if needed is None:  # OPTIONS, or a method the view lacks: DRF answers it (405 for the latter)
            return True
        user = request.user
        if not user.is_authenticated:
            return False
        if user.is_active and user.is_staff and user.has_perm(needed):
            return True
        codename = needed.partition(".")[2]
        role = " or ".join(f"the {name} group" for name, codenames in ROLES.items() if codename in codenames)
        self.message = NO_PERMISSION.format(method=request.method, permission=needed, role=role)
        return False


def write_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Answer a write refused because it touches a published snapshot with 409; everything else as the read API."""
    if isinstance(exc, errors.PublishedSnapshotError):
        return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
    return api.exception_handler(exc, context)


class DraftWriteView(APIView):
    """Basic auth first, so an anonymous client is told 401 with a WWW-Authenticate challenge; sessions need CSRF.

    Failed Basic logins are counted per address and answer 429 past settings.API_LOGIN_FAILURE_RATE.
    """

    authentication_classes = [ThrottledBasicAuthentication, SessionAuthentication]
    permission_classes = [DraftRolePermission]
    parser_classes = [TextJSONParser]
    required_permissions: dict[str, str] = {}

    def permission_denied(self, request: Request, message: str | None = None, code: str | None = None) -> None:
        if request.authenticators and not request.successful_authenticator:
            raise NotAuthenticated(LOGIN_NEEDED)
        raise PermissionDenied(message)

    def get_exception_handler(self):
        return write_exception_handler


def _kind(value: Any) -> str:
    for kind, types in (("null", type(None)), ("a boolean", bool), ("a number", (int, float)), ("a string", str)):
        if isinstance(value, types):
            return kind
    return "an array" if isinstance(value, list) else type(value).__name__


def _messages(detail: Any, field: str = "") -> Iterator[str]:
    """Flatten DRF's field errors into sentences that name the field ("from[1]" for a list item)."""
    if isinstance(detail, dict):
        for name, inner in detail.items():
            if name == api_settings.NON_FIELD_ERRORS_KEY:
                yield from _messages(inner, field)
            else:
                yield from _messages(inner, f"{field}[{name}]" if field else str(name))
    elif isinstance(detail, list):
        for inner in detail:
            yield from _messages(inner, field)
    else:
        yield f'Field "{field}": {detail}' if field else str(detail)


def read_body(request: Request, serializer_class: type[serializers.Serializer]) -> dict[str, Any]:
    """Return the body's fields, typed; refuse a body that is not an object, an unknown field or a bad value."""
    data = request.data
    if not isinstance(data, dict):
        raise BadInput(BODY_NOT_OBJECT.format(kind=_kind(data)))
    serializer = serializer_class(data=data)
    unknown = sorted(set(data) - set(serializer.fields))
    if unknown:
        raise BadInput(UNKNOWN_FIELD.format(field=unknown[0], fields=", ".join(serializer.fields) or "(none)"))
    if not serializer.is_valid():
        raise BadInput(" ".join(_messages(serializer.errors)))
    return dict(serializer.validated_data)

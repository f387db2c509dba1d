"""The two roles of the draft workflow: editors reshape drafts, publishers freeze them."""

from __future__ import annotations

EDITED_MODELS = ["snapshot", "unit", "secondaryline", "succession", "reform", "citation", "figure", "sourcedocument"]
VIEWED_MODELS = ["organization", *EDITED_MODELS]
ROLES = {
    "editors": [
        *(f"{action}_{model}" for model in EDITED_MODELS for action in ("add", "change", "delete")),
        *(f"view_{model}" for model in VIEWED_MODELS),
    ],
    "publishers": ["publish_snapshot", *(f"view_{model}" for model in VIEWED_MODELS)],
}


def ensure_roles(group_model, permission_model) -> None:
    """Create or repair the editors and publishers groups (models passed in, so migrations can use it too)."""
    for name, codenames in ROLES.items():
        group, _created = group_model.objects.get_or_create(name=name)
        group.permissions.set(
            permission_model.objects.filter(content_type__app_label="structures", codename__in=codenames)
        )


def ensure_roles_after_migrate(sender, **kwargs) -> None:
    """post_migrate receiver: the groups exist after every migrate and every flush, like permissions do."""
    from django.contrib.auth.models import Group, Permission

    ensure_roles(Group, Permission)

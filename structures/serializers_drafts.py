"""Request and response shapes of the draft-editing API; field types and limits come from the models.

These parse input only (types, lengths, choices, which fields go together); every rule of the data is the
services' (structures/services/), which refuse by name what would break it.
"""

from __future__ import annotations

from rest_framework import serializers

from structures import services
from structures.models import Citation, Reform, SecondaryLine, Snapshot, SourceDocument, Succession, Unit
from structures.serializers import CitationSerializer, SnapshotSerializer

# A unit named by its key in the snapshot the endpoint implies, or as "snapshot-key/unit-key" in any snapshot.
UNIT_REF_PATTERN = r"^(?:[-a-zA-Z0-9_]+/)?[-a-zA-Z0-9_]+$"
UNIT_REF_HELP = (
    'A unit key in this snapshot, or "snapshot-key/unit-key" to name a unit of another snapshot '
    "(which the service then refuses by name where the unit does not belong)."
)
# Where a new or moved unit goes, beside its parent: these go together only as each field's help says.
PLACEMENT_FIELDS = ("parent", "position", "before", "after")
PLACEMENT_CLASH = 'Give at most one of "parent", "before" and "after".'
POSITION_NEEDS_PARENT = 'Field "position" places the unit under "parent"; give "parent" too.'


def unit_ref(**kwargs) -> serializers.RegexField:
    kwargs.setdefault("help_text", UNIT_REF_HELP)
    return serializers.RegexField(UNIT_REF_PATTERN, max_length=161, **kwargs)


class UnitFieldsSerializer(serializers.ModelSerializer):
    """A unit's key and attributes as the model defines them, plus where it goes."""

    aliases = serializers.ListField(
        child=serializers.CharField(max_length=300), required=False, help_text="Other names and spellings."
    )
    parent = unit_ref(
        required=False,
        allow_null=True,
        help_text=f"The new parent; null for a top unit. {UNIT_REF_HELP}",
    )
    position = serializers.ChoiceField(
        choices=["first-child", "last-child"],
        required=False,
        help_text='With "parent": first or last among its children (default last).',
    )
    before = unit_ref(required=False, help_text=f"Place the unit just before this sibling. {UNIT_REF_HELP}")
    after = unit_ref(required=False, help_text=f"Place the unit just after this sibling. {UNIT_REF_HELP}")

    class Meta:
        model = Unit
        fields = ["key", *services.UNIT_ATTRIBUTES, *PLACEMENT_FIELDS]

    def validate(self, attrs: dict) -> dict:
        if sum(name in attrs for name in ("parent", "before", "after")) > 1:
            raise serializers.ValidationError(PLACEMENT_CLASH)
        if "position" in attrs and "parent" not in attrs:
            raise serializers.ValidationError(POSITION_NEEDS_PARENT)
        return attrs


class UnitCreateSerializer(UnitFieldsSerializer):
    """A new unit: key, names and kind are required; without a place it becomes a new top unit."""


class UnitChangeSerializer(UnitFieldsSerializer):
    """Any of a unit's fields; "parent", "before" or "after" moves it (with its subtree)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs["partial"] = True
        super().__init__(*args, **kwargs)


class DraftUnitSerializer(serializers.ModelSerializer):
    """A unit as written: its attributes under the names the requests use."""

    snapshot = serializers.SlugField(source="snapshot.key", help_text="Key of its snapshot.")
    parent = serializers.SlugField(
        source="parent.key", allow_null=True, help_text="Key of its parent; null for a top unit."
    )
    level = serializers.IntegerField(help_text="0 for a top unit.")
    aliases = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = Unit
        fields = ["snapshot", "key", "parent", "level", *services.UNIT_ATTRIBUTES]


class UnitEndsMixin:
    """Adds "from" and "to" (Python keywords, so not class attributes) as unit references, one or a list each."""

    ends_are_lists = False

    def get_fields(self) -> dict:
        fields = super().get_fields()
        for name in ("from", "to"):
            if self.ends_are_lists:
                fields[name] = serializers.ListField(
                    child=unit_ref(), required=False, help_text=f"Units, each: {UNIT_REF_HELP}"
                )
            else:
                fields[name] = unit_ref()
        return fields


class LineCreateSerializer(UnitEndsMixin, serializers.ModelSerializer):
    """A secondary line between two units of the draft ("from" and "to" are unit references)."""

    class Meta:
        model = SecondaryLine
        fields = ["type", "qualifier_en", "qualifier_zh"]


class DraftLineSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Names the line in DELETE .../lines/{id}/.")
    snapshot = serializers.SlugField()
    type = serializers.CharField()
    qualifier_en = serializers.CharField()
    qualifier_zh = serializers.CharField()

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields["from"] = serializers.SlugField(help_text="Key of the unit the line starts from.")
        fields["to"] = serializers.SlugField()
        return fields


class SuccessionCreateSerializer(UnitEndsMixin, serializers.ModelSerializer):
    """What became of units across the reform: "from" units of its before snapshot, "to" units of its after one."""

    ends_are_lists = True

    class Meta:
        model = Succession
        fields = ["type", "summary_en", "summary_zh"]


class DraftSuccessionSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Names the succession in DELETE .../successions/{id}/.")
    reform = serializers.SlugField()
    type = serializers.CharField()
    summary_en = serializers.CharField()
    summary_zh = serializers.CharField()

    def get_fields(self) -> dict:
        fields = super().get_fields()
        fields["from"] = serializers.ListField(child=serializers.SlugField(), help_text="Keys in the before snapshot.")
        fields["to"] = serializers.ListField(child=serializers.SlugField(), help_text="Keys in the after snapshot.")
        return fields


def _max_length(model, field: str) -> int:
    return model._meta.get_field(field).max_length


class ReformCreateSerializer(serializers.Serializer):
    """A reform from one snapshot to a later draft of the same organization, as the admin's "Add reform" makes it."""

    key = serializers.SlugField(max_length=_max_length(Reform, "key"))
    name_en = serializers.CharField(max_length=_max_length(Reform, "name_en"))
    name_zh = serializers.CharField(max_length=_max_length(Reform, "name_zh"))
    before = serializers.SlugField(
        max_length=_max_length(Snapshot, "key"), help_text="Key of the snapshot before the reform."
    )
    after = serializers.SlugField(
        max_length=_max_length(Snapshot, "key"),
        help_text="Key of the draft after it: later on the organization's timeline than the before snapshot.",
    )
    document = serializers.CharField(
        required=False,
        max_length=_max_length(SourceDocument, "symbol"),
        help_text="Symbol of the document that states the reform; default: the after snapshot's.",
    )


class CitationCreateSerializer(serializers.Serializer):
    """A paragraph of a stored source document that supports a unit or line of a draft."""

    document = serializers.CharField(
        max_length=_max_length(SourceDocument, "symbol"), help_text="Symbol of a stored document, e.g. A/72/525."
    )
    paragraph = serializers.CharField(
        max_length=_max_length(Citation, "paragraph"), help_text="Paragraph, sub-paragraph or annex part, e.g. 12 (b)."
    )


class DraftCitationSerializer(CitationSerializer):
    id = serializers.IntegerField(help_text="Names the citation in DELETE .../citations/{id}/.")


class DraftCreateSerializer(serializers.Serializer):
    """A new draft copied from this snapshot, as the admin's "New draft from this snapshot" makes it."""

    key = serializers.SlugField(max_length=Snapshot._meta.get_field("key").max_length)
    label_en = serializers.CharField(max_length=Snapshot._meta.get_field("label_en").max_length)
    label_zh = serializers.CharField(max_length=Snapshot._meta.get_field("label_zh").max_length)
    document = serializers.CharField(
        required=False, max_length=100, help_text="Symbol of the document that proposes it; default: the source's."
    )
    partial = serializers.BooleanField(
        default=False, help_text="True when the draft will describe only part of the structure."
    )
    reform = serializers.SlugField(
        required=False, max_length=80, help_text='Key of the reform linking source and draft; default "{key}-reform".'
    )


class DraftSerializer(SnapshotSerializer):
    reform = serializers.SlugField(help_text="The reform from the source snapshot to the new draft.")


class PublishRefusalSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="Every problem, one per line.")
    problems = serializers.ListField(
        child=serializers.CharField(), help_text="What blocks publishing, as the admin's publish page lists it."
    )

"""Response shapes of the JSON API. Trees are built from rows by selectors; these describe them."""

from rest_framework import serializers


class CitationSerializer(serializers.Serializer):
    document = serializers.CharField(help_text="Document symbol, e.g. A/72/525.")
    paragraph = serializers.CharField(help_text="Paragraph, sub-paragraph or annex part.")
    url = serializers.URLField(help_text="The official document in English.")
    url_zh = serializers.URLField(help_text="The official document in Chinese.")


class SnapshotSerializer(serializers.Serializer):
    key = serializers.SlugField()
    organization = serializers.SlugField()
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    date = serializers.DateField(allow_null=True, help_text="Null when the document gives no date.")
    stage = serializers.ChoiceField(choices=["existing", "proposed"])
    status = serializers.ChoiceField(choices=["draft", "published"])
    completeness = serializers.ChoiceField(
        choices=["complete", "partial"],
        help_text="A partial snapshot holds only what its document names; what it omits is not described.",
    )
    document = serializers.CharField(help_text="Symbol of the source document.")
    document_date = serializers.DateField(allow_null=True)


class UnitSerializer(serializers.Serializer):
    key = serializers.SlugField(help_text="The same for the same unit in every snapshot.")
    parent = serializers.SlugField(allow_null=True)
    parent_unknown = serializers.BooleanField(help_text="True when the document does not state the parent.")
    level = serializers.IntegerField()
    name_en = serializers.CharField()
    name_zh = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    kind = serializers.CharField()
    head = serializers.CharField(help_text="Title of the head, in English; empty when not stated.")
    head_zh = serializers.CharField()
    grade = serializers.CharField(help_text="Grade of the head (e.g. USG, ASG, D-2); empty when not stated.")
    posts = serializers.IntegerField(allow_null=True, help_text="Null when the document states none.")
    shared = serializers.BooleanField()
    note_en = serializers.CharField()
    note_zh = serializers.CharField()
    pinyin = serializers.ListField(
        child=serializers.CharField(), help_text="The Chinese names in pinyin: joined, spaced and initials."
    )
    citations = CitationSerializer(many=True)


LineSerializer = type(
    "LineSerializer",
    (serializers.Serializer,),
    {
        "from": serializers.SlugField(help_text="Key of the unit the line starts from."),
        "to": serializers.SlugField(),
        "type": serializers.CharField(help_text="e.g. also_reports_to, member_of, chairs, guides."),
        "qualifier": serializers.CharField(help_text='e.g. "on peacekeeping matters"; may be empty.'),
        "qualifier_zh": serializers.CharField(),
        "citations": CitationSerializer(many=True),
    },
)


class FigureSerializer(serializers.Serializer):
    unit = serializers.SlugField(allow_null=True, help_text="Null for a figure about the whole snapshot.")
    measure = serializers.CharField(help_text="What is counted, e.g. posts.")
    value = serializers.FloatField()
    approximation = serializers.ChoiceField(
        choices=["", "about", "nearly", "more_than", "at_least", "up_to", "less_than"],
        help_text='The document\'s hedge: "more_than" for "more than 100"; empty when the number is exact.',
    )
    breakdown = serializers.DictField(
        child=serializers.CharField(), help_text='The slice counted, e.g. {"grade": "P-4"}; {} for a total.'
    )
    label_en = serializers.CharField()
    label_zh = serializers.CharField()
    citations = CitationSerializer(many=True)


class TreeSerializer(serializers.Serializer):
    snapshot = SnapshotSerializer()
    units = UnitSerializer(many=True, help_text="Tree order: every parent before its children.")
    lines = LineSerializer(many=True)
    figures = FigureSerializer(many=True, help_text="Numbers the document states, with citations.")


ChangeSerializer = type(
    "ChangeSerializer",
    (serializers.Serializer,),
    {
        "type": serializers.CharField(help_text="merged, split, renamed, moved, created, abolished, …"),
        "from": serializers.ListField(child=serializers.SlugField(), help_text="Unit keys in the before snapshot."),
        "to": serializers.ListField(child=serializers.SlugField(), help_text="Unit keys in the after snapshot."),
        "summary": serializers.CharField(),
        "summary_zh": serializers.CharField(),
        "inferred": serializers.BooleanField(
            help_text="True when found by matching keys rather than stated by a cited succession."
        ),
        "citations": CitationSerializer(many=True),
    },
)


class SidesSerializer(serializers.Serializer):
    before = serializers.DictField(child=serializers.CharField())
    after = serializers.DictField(child=serializers.CharField())


class CompareSerializer(serializers.Serializer):
    before = SnapshotSerializer()
    after = SnapshotSerializer()
    reform = serializers.SlugField(allow_null=True)
    units = serializers.DictField(
        child=serializers.CharField(),
        help_text="One status per unit key: unchanged, renamed, moved, merged, split, abolished, created, "
        "attributes_changed, upgraded, downgraded or not_described.",
    )
    sides = SidesSerializer(help_text="The status of each unit on each chart.")
    changes = ChangeSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What was wrong, naming the parameter or key.")


class UnitRefSerializer(serializers.Serializer):
    key = serializers.SlugField()
    name_en = serializers.CharField()
    name_zh = serializers.CharField()


class AppearanceSerializer(serializers.Serializer):
    snapshot = SnapshotSerializer()
    unit = UnitSerializer(help_text="The unit as this snapshot shows it.")


LineageEventSerializer = type(
    "LineageEventSerializer",
    (serializers.Serializer,),
    {
        "type": serializers.CharField(help_text="renamed, moved, merged, split, created, abolished, …"),
        "direction": serializers.ChoiceField(
            choices=["in", "out", "through"],
            help_text="in: the unit results from it; out: the unit goes into it; through: the unit is on both sides.",
        ),
        "reform": serializers.SlugField(allow_null=True),
        "before": serializers.SlugField(help_text="Key of the earlier snapshot."),
        "after": serializers.SlugField(help_text="Key of the later snapshot."),
        "from": UnitRefSerializer(many=True),
        "to": UnitRefSerializer(many=True),
        "summary": serializers.CharField(),
        "summary_zh": serializers.CharField(),
        "citations": CitationSerializer(many=True),
        "inferred": serializers.BooleanField(
            help_text="True when found by comparing consecutive appearances rather than stated by a document."
        ),
    },
)


class LineageSerializer(serializers.Serializer):
    key = serializers.SlugField()
    appearances = AppearanceSerializer(many=True, help_text="Every snapshot the unit appears in, in date order.")
    events = LineageEventSerializer(many=True, help_text="Every succession into and out of the unit, in date order.")
    predecessors = UnitRefSerializer(many=True)
    successors = UnitRefSerializer(many=True)


class SearchResultSerializer(serializers.Serializer):
    key = serializers.SlugField()
    name_en = serializers.CharField(help_text="The name in the latest snapshot the unit appears in.")
    name_zh = serializers.CharField()
    names = serializers.ListField(child=serializers.CharField(), help_text="Every name and alias seen.")
    snapshots = serializers.ListField(child=serializers.SlugField())


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    results = SearchResultSerializer(many=True)


class OrganizationSerializer(serializers.Serializer):
    key = serializers.SlugField()
    name_en = serializers.CharField()
    name_zh = serializers.CharField()


class DocumentSerializer(serializers.Serializer):
    symbol = serializers.CharField(help_text="e.g. A/72/525.")
    title_en = serializers.CharField()
    title_zh = serializers.CharField()
    date = serializers.DateField(allow_null=True, help_text="Null when the document prints no date.")
    session = serializers.IntegerField(
        allow_null=True, help_text="The General Assembly session its symbol names (A/72/525: 72)."
    )
    url = serializers.URLField(help_text="The official document in English.")
    url_zh = serializers.URLField(help_text="The official document in Chinese.")


class ReformSerializer(serializers.Serializer):
    key = serializers.SlugField()
    organization = serializers.SlugField()
    name_en = serializers.CharField()
    name_zh = serializers.CharField()
    document = serializers.CharField(help_text="Symbol of the document that states the reform.")
    before = serializers.SlugField(help_text="Key of the snapshot before the reform.")
    after = serializers.SlugField(help_text="Key of the snapshot after it.")

"""Organizations, their source documents, reforms, snapshots and the units inside them."""

from __future__ import annotations

import functools
import operator

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.signals import m2m_changed
from django.utils.translation import gettext_lazy as _
from mptt.managers import TreeManager
from mptt.models import MPTTModel, TreeForeignKey
from mptt.querysets import TreeQuerySet
from simple_history.models import HistoricalRecords

from structures import errors
from structures.guards import FrozenWhenPublishedModel, FrozenWhenPublishedQuerySet, refuse_m2m_change_on_published
from structures.pinyin import pinyin_search_text


class Provenance(models.TextChoices):
    PRINTED = "printed", _("printed in the document")
    OFFICIAL_RECORD = "official_record", _("taken from the official record")


def session_of(symbol: str) -> int | None:
    """Return the General Assembly session a symbol names ("A/65/624" -> 65), or None."""
    parts = symbol.split("/")
    return int(parts[1]) if len(parts) > 2 and parts[0] == "A" and parts[1].isdigit() else None


class Organization(models.Model):
    key = models.SlugField(max_length=80, unique=True)
    name_en = models.CharField(max_length=300)
    name_zh = models.CharField(max_length=300)

    class Meta:
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name_en


class SourceDocument(models.Model):
    """A document that units, successions and lines cite, e.g. A/72/525."""

    symbol = models.CharField(max_length=100, unique=True)
    symbol_source = models.CharField(max_length=20, choices=Provenance.choices)
    title_en = models.CharField(max_length=500)
    title_zh = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True, help_text=_("Empty when unknown."))
    date_source = models.CharField(max_length=20, choices=Provenance.choices, blank=True)
    seed_file = models.CharField(max_length=200, blank=True, help_text=_("The source text this dataset was read from."))
    # The General Assembly session the symbol names (A/65/624 -> 65): it places an undated
    # document in time using only what is printed.
    session = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    # The hash of the dataset file last loaded for this document: loading the same file again is a no-op.
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        ordering = [F("session").asc(nulls_last=True), F("date").asc(nulls_first=True), "symbol"]

    def __str__(self) -> str:
        return self.symbol

    @property
    def url_zh(self) -> str:
        return f"https://undocs.org/zh/{self.symbol}"

    @property
    def url_en(self) -> str:
        return f"https://undocs.org/en/{self.symbol}"


# A timeline orders snapshots by their document's session, then by date; an unknown date sorts first
# within its session, the same on every database (SQLite and PostgreSQL disagree on NULLs unless told).
TIMELINE_ORDER = [
    "organization__key",
    F("document__session").asc(nulls_last=True),
    F("sort_date").asc(nulls_first=True),
    "document__symbol",
    "position",
    "key",
]


class SnapshotQuerySet(FrozenWhenPublishedQuerySet):
    snapshot_lookups = ("",)
    cascade_lookups = ("reforms_out__after",)

    def published(self) -> SnapshotQuerySet:
        return self.filter(status=Snapshot.Status.PUBLISHED)

    def visible_to(self, user) -> SnapshotQuerySet:
        """Return what this user may read: staff see drafts, everyone else published data."""
        if user is not None and user.is_active and user.is_staff:
            return self
        return self.published()

    def in_timeline_order(self) -> SnapshotQuerySet:
        return self.order_by(*TIMELINE_ORDER)


class Snapshot(FrozenWhenPublishedModel):
    """The structure of one organization at one date, as one document describes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    class Completeness(models.TextChoices):
        COMPLETE = "complete", _("complete")
        PARTIAL = "partial", _("partial")

    class Stage(models.TextChoices):
        EXISTING = "existing", _("existing structure")
        PROPOSED = "proposed", _("proposed structure")

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="snapshots")
    key = models.SlugField(max_length=80, unique=True)
    label_en = models.CharField(max_length=300)
    label_zh = models.CharField(max_length=300)
    date = models.DateField(null=True, blank=True, help_text=_("Empty when the document gives none."))
    # Orders the timeline when `date` is unknown: the document's date, never shown as the snapshot's.
    sort_date = models.DateField(null=True, blank=True, editable=False)
    position = models.PositiveSmallIntegerField(default=0, help_text=_("Order within its document."))
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.EXISTING)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    completeness = models.CharField(max_length=20, choices=Completeness.choices, default=Completeness.PARTIAL)
    document = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="snapshots")
    content_hash = models.CharField(max_length=64, blank=True, editable=False)

    objects = SnapshotQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = TIMELINE_ORDER
        permissions = [("publish_snapshot", "Can publish a draft snapshot")]

    def __str__(self) -> str:
        return self.key

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_partial(self) -> bool:
        return self.completeness == self.Completeness.PARTIAL


def precedes(earlier: Snapshot, later: Snapshot) -> bool:
    """Return True when `earlier` comes before `later` on their organization's timeline."""
    ordered = list(
        Snapshot.objects.filter(pk__in=[earlier.pk, later.pk]).in_timeline_order().values_list("pk", flat=True)
    )
    return ordered == [earlier.pk, later.pk]


class ReformQuerySet(FrozenWhenPublishedQuerySet):
    snapshot_lookups = ("after",)


class Reform(FrozenWhenPublishedModel):
    """A change from one snapshot to another, with the successions that explain it."""

    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="reforms")
    key = models.SlugField(max_length=80, unique=True)
    name_en = models.CharField(max_length=300)
    name_zh = models.CharField(max_length=300)
    document = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="reforms")
    before = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="reforms_out")
    after = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="reforms_in")

    objects = ReformQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = [
            "organization__key",
            F("after__document__session").asc(nulls_last=True),
            F("after__sort_date").asc(nulls_first=True),
            "key",
        ]

    def __str__(self) -> str:
        return self.key

    def link_problem(self) -> str | None:
        """Return why this reform may not lead from `before` to `after`, or None if it may."""
        if not (self.before_id and self.after_id):
            return None
        if self.before_id == self.after_id:
            return errors.REFORM_SAME_SNAPSHOT.format(reform=self.key)
        before, after = self.before, self.after
        if before.organization_id != after.organization_id:
            return errors.REFORM_OTHER_ORGANIZATION.format(reform=self.key)
        if self.organization_id and self.organization_id != after.organization_id:
            return errors.REFORM_WRONG_ORGANIZATION.format(
                reform=self.key, organization=self.organization.key, snapshots=after.organization.key
            )
        if not precedes(before, after):
            return errors.REFORM_BACKWARDS.format(reform=self.key, before=before.key, after=after.key)
        return None

    def clean(self) -> None:
        problem = self.link_problem()
        if problem:
            raise ValidationError(problem)

    def structure_problem(self) -> str | None:
        # Checked on every save, so the shell and imports are held to it; the shipped-dataset loader writes
        # unchecked (guards.py), and a test checks the shipped reforms instead.
        return self.link_problem()


class UnitKind(models.TextChoices):
    PILLAR = "pillar", _("pillar")
    PRINCIPAL = "principal", _("principal")
    DEPARTMENT = "department", _("department")
    OFFICE = "office", _("office")
    DIVISION = "division", _("division")
    SERVICE = "service", _("service")
    SECTION = "section", _("section")
    UNIT = "unit", _("unit")
    TEAM = "team", _("team")
    STRUCTURE = "structure", _("structure")
    CAPACITY = "capacity", _("capacity")
    COMPONENT = "component", _("component")
    JOINT_BODY = "joint_body", _("joint body")
    FUND = "fund", _("fund")
    FIELD_PRESENCE = "field_presence", _("field presence")
    INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental body")
    EXTERNAL = "external", _("entity outside the Secretariat")


def unit_search_fields(key: str, name_en: str, name_zh: str, aliases: list[str]) -> tuple[str, list[str]]:
    """Return a unit's search text (key, names, aliases and their pinyin, lowercase, one per line) and the
    pinyin of its Chinese name and aliases, which charts show."""
    pinyin = pinyin_search_text([name_zh, *aliases])
    spellings = dict.fromkeys([*pinyin_search_text([name_en]), *pinyin])  # as for all the names at once
    return "\n".join([key, name_en, name_zh, *aliases, *spellings]).lower(), pinyin


class UnitQuerySet(FrozenWhenPublishedQuerySet, TreeQuerySet):
    cascade_lookups = ("successions_out__reform__after", "successions_in__reform__after")


class Unit(FrozenWhenPublishedModel, MPTTModel):
    """A box on the chart: one node of its snapshot's tree."""

    # No index of its own: (snapshot, key) and unit_in_tree_order both start with it, and every index costs a load.
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="units", db_index=False)
    key = models.SlugField(max_length=80, help_text=_("The same for the same unit in every snapshot and document."))
    parent = TreeForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="children")
    # A unit without a parent is either a true top (False) or one whose parent the document
    # does not state (True); the chart shows the two differently.
    parent_unknown = models.BooleanField(default=False)
    # Declared to drop django-mptt's index on tree_id alone: its (tree_id, lft) index serves the same reads.
    tree_id = models.PositiveIntegerField(editable=False, db_index=False)
    name_en = models.CharField(max_length=300)
    name_zh = models.CharField(max_length=300)
    aliases = models.JSONField(default=list, blank=True, help_text=_("Other names and spellings."))
    kind = models.CharField(max_length=30, choices=UnitKind.choices)
    head_en = models.CharField(max_length=300, blank=True)
    head_zh = models.CharField(max_length=300, blank=True)
    grade = models.CharField(max_length=40, blank=True)
    posts = models.PositiveIntegerField(null=True, blank=True, help_text=_("Only when stated."))
    shared = models.BooleanField(default=False, help_text=_("Belongs to or serves several units."))
    note_en = models.TextField(blank=True)
    note_zh = models.TextField(blank=True)
    # Names, aliases and key in one lowercase string, so search needs no JSON operators (which differ
    # between SQLite and PostgreSQL, and SQLite stores Chinese inside JSON as \u escapes).
    search_text = models.TextField(blank=True, editable=False)
    # The pinyin of the Chinese names, computed when the unit is written, not on every read of a chart
    # (pypinyin on a 10,000-unit tree cost more than reading the tree itself).
    pinyin = models.JSONField(default=list, blank=True, editable=False)

    objects = TreeManager.from_queryset(UnitQuerySet)()
    # Tree numbers are left out: a move renumbers many rows, and the history shows the parent change.
    history = HistoricalRecords(excluded_fields=["lft", "rght", "tree_id", "level", "search_text", "pinyin"])

    class Meta:
        # Siblings keep the order they were inserted in (tree_id, lft); no order_insertion_by,
        # because ordering roots by a field renumbers every later tree on each insert.
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "key"], name="unit_key_unique_in_snapshot"),
            models.CheckConstraint(
                condition=Q(parent__isnull=True) | Q(parent_unknown=False),
                name="unit_parent_unknown_only_without_parent",
            ),
        ]
        # A chart reads a snapshot's units in tree order: the index hands them over sorted.
        indexes = [models.Index(fields=["snapshot", "tree_id", "lft"], name="unit_in_tree_order")]

    def __str__(self) -> str:
        label = f"{self.name_en} [{self.key}]"
        # Pickers that offer units of several snapshots annotate each with its snapshot's key (admin autocomplete).
        snapshot_key = getattr(self, "snapshot_key", None)
        return f"{label} in {snapshot_key}" if snapshot_key else label

    def save(self, *args, **kwargs) -> None:
        self.search_text = self.build_search_text()
        super().save(*args, **kwargs)

    def deleted_with_self(self) -> UnitQuerySet:
        return Unit.objects.filter(
            snapshot_id=self.snapshot_id, tree_id=self.tree_id, lft__gte=self.lft, rght__lte=self.rght
        )

    def build_search_text(self) -> str:
        """Return key, names, aliases and the pinyin of the Chinese ones, lowercase, one per line.

        Also stores the pinyin of the Chinese name and aliases in `pinyin`, which charts show.
        """
        self.search_text, self.pinyin = unit_search_fields(self.key, self.name_en, self.name_zh, self.aliases)
        return self.search_text

    def placement_error(self, parent: Unit | None) -> str | None:
        """Return why this unit may not sit under `parent`, or None if it may."""
        if parent is None:
            return None
        if parent.snapshot_id != self.snapshot_id:
            return errors.PARENT_IN_OTHER_SNAPSHOT.format(unit=self.key, parent=parent.key)
        if self.pk and parent.pk == self.pk:
            return errors.MOVE_UNDER_ITSELF.format(unit=self.key)
        if self.pk and parent.is_descendant_of(self):
            return errors.MOVE_UNDER_DESCENDANT.format(unit=self.key, parent=parent.key)
        return None

    def clean(self) -> None:
        problem = self.placement_error(self.parent) if self.parent_id else None
        if problem:
            raise ValidationError({"parent": problem})

    def structure_problem(self) -> str | None:
        # The shell's `unit.parent = x; unit.save()` skips clean(): a parent from another snapshot, or a unit
        # carried into another snapshot away from its subtree, would join two snapshots' trees.
        if self.pk is not None:
            stored = Unit._base_manager.filter(pk=self.pk).values_list("snapshot_id", flat=True).first()
            if stored is not None and stored != self.snapshot_id:
                return errors.UNIT_OTHER_SNAPSHOT.format(unit=self.key)
        if self.parent_id is not None and self.parent.snapshot_id != self.snapshot_id:
            return errors.PARENT_IN_OTHER_SNAPSHOT.format(unit=self.key, parent=self.parent.key)
        return None


class SuccessionQuerySet(FrozenWhenPublishedQuerySet):
    snapshot_lookups = ("reform__after",)


class Succession(FrozenWhenPublishedModel):
    """What became of units between the two snapshots of a reform (N:M)."""

    class Type(models.TextChoices):
        RENAMED = "renamed", _("renamed")
        MERGED = "merged", _("merged")
        SPLIT = "split", _("split")
        MOVED = "moved", _("moved")
        ABOLISHED = "abolished", _("abolished")
        CREATED = "created", _("created")
        FUNCTION_TRANSFERRED = "function_transferred", _("function transferred")
        UPGRADED = "upgraded", _("upgraded")
        DOWNGRADED = "downgraded", _("downgraded")
        SAME_UNIT = "same_unit", _("same unit under another name")
        # Pre-filled when a draft is copied from a snapshot: identity only, never shown as a change.
        UNCHANGED = "unchanged", _("carried over unchanged")

    reform = models.ForeignKey(Reform, on_delete=models.CASCADE, related_name="successions")
    type = models.CharField(max_length=30, choices=Type.choices)
    from_units = models.ManyToManyField(Unit, related_name="successions_out", blank=True)
    to_units = models.ManyToManyField(Unit, related_name="successions_in", blank=True)
    summary_en = models.TextField()
    summary_zh = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = SuccessionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[from_units, to_units])

    class Meta:
        ordering = ["reform", "position"]

    def __str__(self) -> str:
        return f"{self.reform_id}: {self.type}"


class SecondaryLine(FrozenWhenPublishedModel):
    """A relation inside one snapshot that the tree cannot hold: dual reporting, service, membership."""

    class Type(models.TextChoices):
        ALSO_REPORTS_TO = "also_reports_to", _("also reports to")
        SERVES = "serves", _("serves")
        SHARED_WITH = "shared_with", _("shared with")
        GUIDES = "guides", _("guides")
        MEMBER_OF = "member_of", _("member of")
        CHAIRS = "chairs", _("chairs")
        ADMINISTERED_BY = "administered_by", _("administered by")
        HOSTED_BY = "hosted_by", _("hosted by")
        SUPPORTS = "supports", _("supports")
        ADVISES = "advises", _("advises")
        FUNCTIONAL_LINK = "functional_link", _("functional link")
        COOPERATES_WITH = "cooperates_with", _("cooperates with")

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="lines")
    from_unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="lines_out")
    to_unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="lines_in")
    type = models.CharField(max_length=30, choices=Type.choices)
    qualifier_en = models.CharField(max_length=500, blank=True)
    qualifier_zh = models.CharField(max_length=500, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = FrozenWhenPublishedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["snapshot", "position"]

    def __str__(self) -> str:
        return f"{self.from_unit_id} {self.type} {self.to_unit_id}"

    def structure_problem(self) -> str | None:
        for unit in (self.from_unit, self.to_unit):
            if unit.snapshot_id != self.snapshot_id:
                return errors.LINE_OUTSIDE_SNAPSHOT.format(unit=unit.key, snapshot=self.snapshot.key)
        if self.from_unit_id == self.to_unit_id:
            return errors.LINE_TO_ITSELF.format(unit=self.from_unit.key)
        return None

    def clean(self) -> None:
        problem = self.structure_problem() if self.from_unit_id and self.to_unit_id and self.snapshot_id else None
        if problem:
            raise ValidationError(problem)


CITED_SUBJECTS = ("unit", "line", "succession", "snapshot", "reform", "figure")


def _exactly_one(fields: tuple[str, ...]) -> Q:
    """Return a condition true when exactly one of these nullable foreign keys is set."""
    return functools.reduce(operator.or_, (Q(**{f"{f}__isnull": f != chosen for f in fields}) for chosen in fields))


class Figure(FrozenWhenPublishedModel):
    """A number a document states for a snapshot or a unit, e.g. posts by grade, fund or location.

    `breakdown` names the slice the number counts ({} for a total; {"grade": "P-4", "location":
    "headquarters"} for a part), so totals can be checked against their parts.
    """

    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="figures")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="figures")

    class Approximation(models.TextChoices):
        EXACT = "", _("exactly")
        ABOUT = "about", _("about")
        NEARLY = "nearly", _("nearly")
        MORE_THAN = "more_than", _("more than")
        AT_LEAST = "at_least", _("at least")
        UP_TO = "up_to", _("up to")
        LESS_THAN = "less_than", _("less than")

    measure = models.CharField(max_length=200, help_text=_("What is counted, e.g. posts, members."))
    value = models.DecimalField(max_digits=16, decimal_places=2)
    # The document's own hedge ("more than 100"), so a bound is never shown as an exact count.
    approximation = models.CharField(max_length=20, choices=Approximation.choices, blank=True)
    breakdown = models.JSONField(default=dict, blank=True)
    label_en = models.CharField(max_length=300, blank=True)
    label_zh = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)

    objects = FrozenWhenPublishedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["snapshot", "position"]

    def __str__(self) -> str:
        return f"{self.measure}={self.value} {self.breakdown}"

    def structure_problem(self) -> str | None:
        if self.unit_id is not None and self.unit.snapshot_id != self.snapshot_id:
            return errors.LINE_OUTSIDE_SNAPSHOT.format(unit=self.unit.key, snapshot=self.snapshot.key)
        return None


class CitationQuerySet(FrozenWhenPublishedQuerySet):
    snapshot_lookups = (
        "snapshot",
        "unit__snapshot",
        "line__snapshot",
        "figure__snapshot",
        "reform__after",
        "succession__reform__after",
    )


class Citation(FrozenWhenPublishedModel):
    """A paragraph of a source document that supports exactly one unit, line, succession or snapshot."""

    document = models.ForeignKey(SourceDocument, on_delete=models.PROTECT, related_name="citations")
    paragraph = models.CharField(max_length=100)
    # Indexed by citation_of_unit_in_order, which starts with it.
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="citations", db_index=False
    )
    line = models.ForeignKey(SecondaryLine, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    succession = models.ForeignKey(
        Succession, on_delete=models.CASCADE, null=True, blank=True, related_name="citations"
    )
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    reform = models.ForeignKey(Reform, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    figure = models.ForeignKey(Figure, on_delete=models.CASCADE, null=True, blank=True, related_name="citations")
    position = models.PositiveSmallIntegerField(default=0)

    objects = CitationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                name="citation_has_exactly_one_subject",
                condition=_exactly_one(CITED_SUBJECTS),
                violation_error_message=errors.CITATION_ONE_SUBJECT.format(subjects=", ".join(CITED_SUBJECTS)),
            ),
        ]
        # A unit's citations are read in their order, unit by unit (chart_sql).
        indexes = [models.Index(fields=["unit", "position", "id"], name="citation_of_unit_in_order")]

    def __str__(self) -> str:
        return f"{self.document_id} ¶{self.paragraph}"


def refuse_succession_units_outside_reform(sender, instance, action: str, pk_set, **kwargs) -> None:
    """m2m_changed receiver: a succession's "from" units are in its reform's "before" snapshot, "to" in "after"."""
    if action != "pre_add" or not pk_set:
        return
    side, message = (
        ("before", errors.SUCCESSION_FROM_OUTSIDE)
        if sender is Succession.from_units.through
        else ("after", errors.SUCCESSION_TO_OUTSIDE)
    )
    if kwargs["reverse"]:  # unit.successions_out.add(succession, ...)
        pairs = [(s.reform, instance) for s in Succession.objects.filter(pk__in=pk_set).select_related("reform")]
    else:
        pairs = [(instance.reform, unit) for unit in Unit.objects.filter(pk__in=pk_set)]
    for reform, unit in pairs:
        snapshot_id = getattr(reform, f"{side}_id")
        if unit.snapshot_id != snapshot_id:
            snapshot = getattr(reform, side)
            raise errors.StructureError(message.format(reform=reform.key, unit=unit.key, snapshot=snapshot.key))


for through in (Succession.from_units.through, Succession.to_units.through):
    m2m_changed.connect(refuse_m2m_change_on_published, sender=through)
    m2m_changed.connect(refuse_succession_units_outside_reform, sender=through)

"""Named errors and the messages that services, importer, API, admin and tests share."""


class StructureError(Exception):
    """A write refused because it would break a rule of the data; the message names the problem."""


class PublishedSnapshotError(StructureError):
    pass


class InvalidMoveError(StructureError):
    pass


class DatasetError(StructureError):
    """A dataset file refused whole; `problems` lists every problem found, each naming file and entry."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


SNAPSHOT_PUBLISHED = 'Snapshot "{snapshot}" is published and cannot be edited.'
MOVE_UNDER_DESCENDANT = 'Unit "{unit}" cannot move under its own descendant "{parent}".'
MOVE_UNDER_ITSELF = 'Unit "{unit}" cannot be its own parent.'
UNIT_OTHER_SNAPSHOT = 'Unit "{unit}" cannot move to another snapshot; add a unit there instead.'
PARENT_IN_OTHER_SNAPSHOT = 'Unit "{unit}" cannot have parent "{parent}" from another snapshot.'
LINE_OUTSIDE_SNAPSHOT = 'Unit "{unit}" is not in snapshot "{snapshot}".'
REFORM_SAME_SNAPSHOT = 'Reform "{reform}" must compare two different snapshots.'
DUPLICATE_UNIT_KEY = 'Snapshot "{snapshot}" already has a unit "{unit}".'
MOVE_BAD_POSITION = 'Position "{position}" is not one of: {choices}.'
# Top units are ordered by the tree numbers of every snapshot, so reordering them would renumber published trees.
MOVE_BESIDE_TOP = 'Unit "{unit}" cannot be placed beside top unit "{sibling}": top units keep their order.'
MOVE_BESIDE_ITSELF = 'Unit "{unit}" cannot be placed beside itself.'
SNAPSHOT_KEY_TAKEN = 'A snapshot with key "{key}" already exists.'
REFORM_KEY_TAKEN = 'A reform with key "{key}" already exists.'
REFORM_OTHER_ORGANIZATION = 'Reform "{reform}" must link two snapshots of one organization.'
REFORM_WRONG_ORGANIZATION = 'Reform "{reform}" belongs to "{organization}" but links snapshots of "{snapshots}".'
REFORM_HAS_SUCCESSIONS = 'Reform "{reform}" has successions; delete them before linking it to other snapshots.'
REFORM_BACKWARDS = 'Reform "{reform}" goes from "{before}" back to the earlier snapshot "{after}".'
SUCCESSION_FROM_OUTSIDE = 'Succession of reform "{reform}": unit "{unit}" is not in its "before" snapshot "{snapshot}".'
SUCCESSION_TO_OUTSIDE = 'Succession of reform "{reform}": unit "{unit}" is not in its "after" snapshot "{snapshot}".'
SUCCESSION_EMPTY = 'Succession of reform "{reform}" needs at least one unit on one side.'
CITATION_ONE_SUBJECT = "A citation supports exactly one of: {subjects}."
LINE_TO_ITSELF = 'A secondary line cannot link unit "{unit}" to itself.'
PUBLISH_UNACCOUNTED = (
    'Cannot publish "{snapshot}": {count} unit(s) of "{before}" are neither in the draft nor accounted for by a '
    "succession: {units}. Record what became of each (abolished, merged, moved...) or mark the draft partial."
)
PUBLISH_BAD_TREE = 'Cannot publish "{snapshot}": its tree is damaged: {problems}.'

# Dataset files: every message is prefixed with "<file>: <entry>: ".
DS_NOT_TOML = "not a valid dataset file: {detail}"
DS_NOT_UTF8 = "not UTF-8 text"
DS_MISSING_FIELD = 'missing field "{field}"'
DS_BAD_VALUE = 'field "{field}" is {value!r}; expected {expected}'
DS_UNKNOWN_FIELD = 'unknown field "{field}"'
DS_TOO_LONG = 'field "{field}" is {length} characters long; at most {limit} fit'
DS_NO_CITATION = "has no citation"
# An export marks entries an editor added without a citation; only an import (not the shipped dataset) accepts them.
DS_UNCITED_IN_DATASET = (
    'is marked "uncited", which only a file exported from a draft may be; a dataset file cites every entry'
)
DS_UNCITED_WITH_CITATION = 'is marked "uncited" but has citations; remove one or the other'
DS_BAD_CITATION = 'citation "{citation}" names unknown document "{document}"'
DS_DUPLICATE_KEY = 'duplicate key "{key}"'
DS_UNKNOWN_PARENT = 'unknown parent "{parent}"'
DS_CYCLE = "parent chain loops back to itself: {chain}"
DS_UNKNOWN_UNIT = 'names unit "{unit}", which snapshot "{snapshot}" does not have'
DS_UNKNOWN_SNAPSHOT = 'names snapshot "{snapshot}", which no dataset file defines'
DS_BAD_DATE = 'date "{value}" is not YYYY-MM-DD or "unknown"'
DS_EMPTY_SUCCESSION = "a succession needs at least one unit on one side"
DS_DOCUMENT_CLASH = 'document "{symbol}" is defined in {other} too'

# API parameters.
API_MISSING_PARAMETER = 'Query parameter "{name}" is required.'
API_UNKNOWN_SNAPSHOT = 'No snapshot with key "{key}".'
API_UNKNOWN_UNIT = 'No unit with key "{key}".'
API_SAME_SNAPSHOT = "Compare needs two different snapshots."
API_DIFFERENT_ORGANIZATIONS = 'Snapshots "{before}" and "{after}" belong to different organizations.'

# Timeline page: a step from another organization (an unknown organization is API_UNKNOWN_ORGANIZATION).
SNAPSHOT_NOT_ON_TIMELINE = 'Snapshot "{key}" is not on the timeline of "{organization}".'

API_BAD_INTEGER = 'Query parameter "{name}" is "{value}"; expected a whole number from {low} to {high}.'
API_BAD_CHOICE = 'Query parameter "{name}" is "{value}"; expected one of: {choices}.'
API_PAGE_PAST_END = "Page {page} is past the last page ({last})."
API_UNKNOWN_ROOT = 'Snapshot "{snapshot}" has no unit with key "{key}".'
API_UNKNOWN_ORGANIZATION = 'No organization with key "{key}".'
API_UNKNOWN_DOCUMENT = 'No document with symbol "{symbol}".'
API_UNKNOWN_REFORM = 'No reform with key "{key}".'
API_BAD_KEY = 'Query parameter "{name}" is "{value}"; expected a key (letters, digits, - and _).'
API_NO_ENDPOINT = 'No API endpoint at "{path}"; see /api/docs/.'

# Import (admin, import_snapshot) and export: file messages are prefixed with "<file>: <entry>: " like DS_*.
IMPORT_TOO_LARGE = "file is {size} bytes; at most {limit} bytes can be imported"
IMPORT_EMPTY = "file is empty"
IMPORT_UNKNOWN_FORMAT = 'file name ends in "{suffix}"; expected .toml (a dataset file) or .csv (the units of one draft)'
CSV_NOT_CSV = "not a valid CSV file: {detail}"
CSV_NO_HEADER = "no header row"
CSV_NO_ROWS = "no unit rows under the header"
CSV_UNKNOWN_COLUMN = 'unknown column "{column}"; the columns are: {expected}'
CSV_MISSING_COLUMN = 'missing column "{column}"'
CSV_DUPLICATE_COLUMN = 'column "{column}" appears more than once'
CSV_ROW_WIDTH = "has {found} cells; the header has {expected}"
CSV_BAD_CITATION = 'citation "{citation}" is not written "SYMBOL ¶paragraph"'
IMPORT_CSV_NEEDS_TARGET = "a CSV holds the units of one snapshot: choose the draft to import it into"
IMPORT_UNKNOWN_TARGET = 'no snapshot with key "{key}"'
IMPORT_TARGET_PUBLISHED = 'snapshot "{key}" is published and cannot be edited; import into a draft'
IMPORT_INTO_NEEDS_ONE = "importing into a chosen draft takes a file with exactly one snapshot; this one has {count}"
IMPORT_PUBLISHED_CHANGE = (
    'snapshot "{key}" is published and would change ({change}); a published snapshot never changes'
)
IMPORT_REFORM_PUBLISHED = 'reform "{key}" leads to published snapshot "{snapshot}" and would change ({change})'
IMPORT_DOCUMENT_DIFFERS = (
    'document "{symbol}" differs from the stored one in {fields}; an import does not change documents'
)
IMPORT_ORGANIZATION_DIFFERS = (
    'organization "{key}" differs from the stored one in {fields}; an import does not change organizations'
)
IMPORT_NEEDS_PUBLISH = 'snapshot "{key}" is marked published, and you may not publish; mark it "draft"'
IMPORT_STALE = "The stored data changed since the preview; upload the file again to see what it would change now."
IMPORT_NOTHING_PENDING = "No import is waiting for confirmation; upload the file again."
EXPORT_MIXED_DOCUMENTS = "A dataset file holds the snapshots of one document; the selected ones come from {documents}."

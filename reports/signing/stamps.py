"""What may be added to a PDF after a signature: pyHanko's standard difference policy
(signatures, timestamps, revocation data, form filling) plus the văn thư's number-and-date stamp,
which signing tools add as FreeText or Stamp annotations between the leader's and the body's
signature.

pyHanko's standard policy treats every annotation that is not a signature widget as a change of
content (its ``ModificationLevel.ANNOTATIONS`` is unused). ``StampAnnotationRule`` clears, at
that level, a page whose only change is new annotations that are either such stamps (without
actions) or widgets of signature fields, together with the objects each new stamp brings (its
appearance stream, fonts). Anything else on the page (text, resources, a removed annotation, a
link) stays unexplained and the policy reports ``ModificationLevel.OTHER``. Since this rule binds
the signature widgets to their pages, pyHanko's own binding of them is switched off
(``approve_widget_bindings=False``): it refuses a page that also carries a stamp.
"""

from collections.abc import Iterator

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import HistoricalResolver, RawPdfPath
from pyhanko.sign.diff_analysis import (
    CatalogModificationRule,
    DocInfoRule,
    DSSCompareRule,
    FormUpdatingRule,
    GenericFieldModificationRule,
    MetadataUpdateRule,
    ModificationLevel,
    ObjectStreamRule,
    QualifiedWhitelistRule,
    ReferenceUpdate,
    SigFieldCreationRule,
    SigFieldModificationRule,
    StandardDiffPolicy,
    XrefStreamRule,
)
from pyhanko.sign.diff_analysis.commons import compare_dicts
from pyhanko.sign.diff_analysis.rules_api import RelativeContext

STAMP_SUBTYPES = frozenset({"/FreeText", "/Stamp"})
# A stamp that runs an action when clicked or shown is not a stamp.
ACTION_KEYS = ("/A", "/AA")
MAX_PAGE_TREE_DEPTH = 32

Level = ModificationLevel


def _refs(array) -> list[generic.Reference] | None:
    """The references of an /Annots array; None when it holds direct dictionaries (which no
    signing tool writes, and which this rule does not try to clear)."""
    array = array.get_object()
    if not isinstance(array, generic.ArrayObject):
        return None
    if not all(isinstance(item, generic.IndirectObject) for item in array):
        return None
    return [item.reference for item in array]


def _annotations(page: generic.DictionaryObject):
    """(annotation references, reference of the /Annots array if indirect)."""
    try:
        value = page.raw_get("/Annots")
    except KeyError:
        return [], None
    ref = value.reference if isinstance(value, generic.IndirectObject) else None
    return _refs(value), ref


def _is_signature_widget(annotation: generic.DictionaryObject) -> bool:
    if annotation.get("/Subtype") != "/Widget":
        return False
    field = annotation
    if "/FT" not in field and "/Parent" in field:
        field = field["/Parent"]
    return field.get("/FT") == "/Sig"


def is_stamp(annotation: generic.PdfObject) -> bool:
    return (
        isinstance(annotation, generic.DictionaryObject)
        and annotation.get("/Subtype") in STAMP_SUBTYPES
        and not any(key in annotation for key in ACTION_KEYS)
    )


def _leaf_pages(old: HistoricalResolver, new: HistoricalResolver) -> Iterator[generic.Reference]:
    """The page references of a page tree that has the same shape in both revisions."""

    def walk(ref: generic.Reference, depth: int):
        old_node, new_node = old(ref), new(ref)
        if depth > MAX_PAGE_TREE_DEPTH or not isinstance(new_node, generic.DictionaryObject):
            return
        if new_node.get("/Type") == "/Page":
            yield ref
            return
        old_kids = _refs(old_node.get("/Kids", generic.ArrayObject()))
        new_kids = _refs(new_node.get("/Kids", generic.ArrayObject()))
        if old_kids is None or old_kids != new_kids:
            return
        for kid in new_kids:
            yield from walk(kid, depth + 1)

    old_pages, new_pages = old.root.raw_get("/Pages"), new.root.raw_get("/Pages")
    if isinstance(new_pages, generic.IndirectObject) and old_pages == new_pages:
        yield from walk(new_pages.reference, 0)


class StampAnnotationRule(QualifiedWhitelistRule):
    """Clears pages that only gained stamps and signature widgets, and the new stamps."""

    def apply_qualified(
        self, old: HistoricalResolver, new: HistoricalResolver
    ) -> Iterator[tuple[ModificationLevel, ReferenceUpdate]]:
        written = new.explicit_refs_in_revision()
        for page_ref in _leaf_pages(old, new):
            old_page, new_page = old(page_ref), new(page_ref)
            old_annots, old_array_ref = _annotations(old_page)
            new_annots, new_array_ref = _annotations(new_page)
            if page_ref not in written and new_array_ref not in written:
                continue
            if old_annots is None or new_annots is None or not set(old_annots) <= set(new_annots):
                continue
            added = [ref for ref in new_annots if ref not in old_annots]
            stamps = [ref for ref in added if is_stamp(new(ref))]
            if len(stamps) + sum(_is_signature_widget(new(r)) for r in added) != len(added):
                continue
            if not compare_dicts(old_page, new_page, frozenset({"/Annots"}), raise_exc=False):
                continue
            level = Level.ANNOTATIONS if stamps else Level.LTA_UPDATES
            if page_ref in written:
                # Pages are referenced from many places (annotations' /P, outlines): cleared
                # whole, as pyHanko clears them for signature widgets.
                yield level, ReferenceUpdate(page_ref)
            if new_array_ref in written and (
                new_array_ref == old_array_ref or old.is_ref_unassignable(new_array_ref)
            ):
                context = RelativeContext(page_ref, RawPdfPath("/Annots"))
                yield level, ReferenceUpdate(new_array_ref, context_checked=context)
            for ref in stamps:
                if ref not in written or not old.is_ref_unassignable(ref):
                    continue
                yield Level.ANNOTATIONS, ReferenceUpdate(ref)
                for dependency in new.collect_dependencies(
                    new(ref), since_revision=old.revision + 1
                ):
                    yield Level.ANNOTATIONS, ReferenceUpdate(dependency)


STAMP_POLICY = StandardDiffPolicy(
    global_rules=[
        CatalogModificationRule(),
        DocInfoRule().as_qualified(Level.LTA_UPDATES),
        XrefStreamRule().as_qualified(Level.LTA_UPDATES),
        ObjectStreamRule().as_qualified(Level.LTA_UPDATES),
        DSSCompareRule().as_qualified(Level.LTA_UPDATES),
        MetadataUpdateRule().as_qualified(Level.LTA_UPDATES),
        StampAnnotationRule(),
    ],
    form_rule=FormUpdatingRule(
        field_rules=[
            SigFieldCreationRule(approve_widget_bindings=False),
            SigFieldModificationRule(),
            GenericFieldModificationRule(),
        ],
    ),
)
"""pyHanko's ``DEFAULT_DIFF_POLICY`` with the stamp rule added."""


def stamps_since(reader, revision: int) -> list[tuple[int, str, int]]:
    """(page number, text, revision that added it) of each stamp added after ``revision``."""
    found = []
    base = reader.get_historical_resolver(revision)
    for page_index, page in enumerate(_pages(reader.root["/Pages"])):
        for item in page.get("/Annots", generic.ArrayObject()):
            if not isinstance(item, generic.IndirectObject):
                continue
            annotation = item.get_object()
            if is_stamp(annotation) and base.is_ref_unassignable(item.reference):
                text = str(annotation.get("/Contents", "")).strip()
                added = reader.xrefs.get_introducing_revision(item.reference)
                found.append((page_index + 1, text, added))
    return found


def _pages(node, depth: int = 0):
    if depth > MAX_PAGE_TREE_DEPTH:
        return
    if node.get("/Type") == "/Page":
        yield node
        return
    for kid in node.get("/Kids", ()):
        yield from _pages(kid.get_object(), depth + 1)

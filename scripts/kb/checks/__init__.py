"""Cross-file and content checks, run after the schema: a registry of small named rules.

Each rule is a function registered with `@rule(name, scope)`. A "document" rule sees one schema-valid
document, `(doc, kind, ctx)`; its findings are cached with the file's content. A "knowledge-base" rule
sees the ids every file defines and refers to, `(index, facts, ctx)` (see kb.facts), never whole
documents, so it stays quick when most files come from the cache. A "translation" rule sees one file
under data/translations/ with the English it translates, `(subject, ctx)` (see kb.translation_check).
A rule yields `Finding`s; the runner turns them into positioned problems. Add a rule by adding a function
in one of the modules below.
"""
from kb.checks.registry import RULES, Context, Finding, Rule, rule  # noqa: F401  (the package's interface)
from kb.checks import (dates, identity, presentation, references, safety, text,  # noqa: E402,F401  (registers the rules)
                       translation, wording)

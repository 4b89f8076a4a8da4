"""The validator never raises on any input: random YAML documents and random mutations of real entries
either pass or come back as positioned problems (hypothesis)."""
import string
from datetime import date

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from support import MINI_KB, ROOT, mutated, walk
from kb.validate import validate

TODAY = date(2026, 6, 1)
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])
BASE = yaml.safe_load((MINI_KB / "therapies" / "example-therapy.yaml").read_text())

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=40), st.sampled_from(["no", "yes", "2026-02-30", "<script>x</script>",
                                                           "[a](javascript:x)", "{{ x }}", "TODO", ""]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                       st.dictionaries(st.text(max_size=12), inner, max_size=4)),
                      max_leaves=20)
yaml_noise = st.text(alphabet=string.printable + "äö€\t\ufeff&*!|>-:[]{}#'\"", max_size=300)


def check(tmp_path, text: str | bytes) -> None:
    target = tmp_path / "therapies" / "fuzz.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8", "surrogatepass"))
    result = validate(MINI_KB, [target], today=TODAY, base=ROOT)  # must not raise
    for problem in result.problems:
        assert problem.line >= 1 and problem.column >= 1 and problem.message and "\n" not in problem.message


@SETTINGS
@given(text=yaml_noise)
def test_random_text_never_raises(tmp_path_factory, text):
    check(tmp_path_factory.mktemp("fuzz"), text)


@SETTINGS
@given(doc=values)
def test_random_documents_never_raise(tmp_path_factory, doc):
    check(tmp_path_factory.mktemp("fuzz"), yaml.safe_dump(doc, allow_unicode=True))


PATHS = [path for path, _ in walk(BASE) if path]


@SETTINGS
@given(path=st.sampled_from(PATHS), replacement=values, delete=st.booleans())
def test_mutated_real_entries_never_raise(tmp_path_factory, path, replacement, delete):
    doc = mutated(BASE, path, replacement, delete)
    doc["id"] = "fuzz"
    check(tmp_path_factory.mktemp("fuzz"), yaml.safe_dump(doc, allow_unicode=True))

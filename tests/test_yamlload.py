"""The strict YAML loader: values, positions, and a clear error for every kind of bad input."""
import pytest

from kb.yamlload import LoadError, decode, load_text


def test_core_schema_keeps_text_as_text():
    doc = load_text("a: no\nb: yes\nc: On\nd: 2024-02-30\ne: 1.5\nf: 3\ng: true\nh: ~\ni: '3'\n", "f.yaml")
    assert doc.data == {"a": "no", "b": "yes", "c": "On", "d": "2024-02-30", "e": 1.5, "f": 3, "g": True,
                        "h": None, "i": "3"}


@pytest.mark.parametrize("text, expected", [
    ("a: !!str 12\n", {"a": "12"}),
    ("a: !!int '12'\n", {"a": 12}),
    ("a: ! 12\n", {"a": "12"}),
    ("a: ~\nb: null\nc:\n", {"a": None, "b": None, "c": None}),
    ("a: [1, 2.5, -3, 1e3]\n", {"a": [1, 2.5, -3, 1000.0]}),
    ("a:\n  - b: [x, {c: d}]\n    e: f\n", {"a": [{"b": ["x", {"c": "d"}], "e": "f"}]}),
    ("---\n- 1\n- 2\n...\n", [1, 2]),
    ("'quoted key': 1\n'true': \"true\"\n", {"quoted key": 1, "true": "true"}),
])
def test_values_follow_the_core_schema(text, expected):
    assert load_text(text, "t.yaml").data == expected


def test_positions_of_keys_and_values():
    doc = load_text("top:\n  - name: x\n    items: [a, b]\n", "f.yaml")
    assert doc.value_pos[("top", 0, "name")] == (2, 11)
    assert doc.key_pos[("top", 0, "items")] == (3, 5)
    assert doc.value_pos[("top", 0, "items", 1)] == (3, 16)
    assert doc.position(("top", 0, "missing", 3)) == (2, 5)  # nearest ancestor


@pytest.mark.parametrize("text, line, column, rule, words", [
    ("a: 1\nb:\n  c: 1\n  d: {e: 1, e: 2}\n", 4, 13, "duplicate-key", "duplicate key 'e'"),
    ("a: 1\na: 2\n", 2, 1, "duplicate-key", "first defined on line 1"),
    ("a:\n\t- b\n", 2, 1, "yaml-syntax", "tab"),
    ("a: 'open\nb: 1\nc: 'x'\n", 1, 4, "yaml-syntax", "not closed"),
    ("a: [1, 2\nb: 3\n", 1, 4, "yaml-syntax", "flow sequence"),
    ("a: b: c\n", 1, 5, "yaml-syntax", "mapping values"),
    ("a: &x 1\nb: *x\n", 1, 4, "no-aliases", "anchors"),
    ("a: !!python/object:os.system x\n", 1, 4, "no-custom-tags", "not allowed"),
    ("a: !custom x\n", 1, 4, "no-custom-tags", "not allowed"),
    ("", 1, 1, "empty-file", "empty"),
    ("# only a comment\n\n", 1, 1, "empty-file", "empty"),
    ("a: ok\nb: bad\x07bell\n", 2, 7, "yaml-syntax", "control character"),
    ("? [a, b]\n: c\n", 1, 3, "key-type", "plain text"),
    ("a: &lonely 1\n", 1, 4, "no-aliases", "anchors"),  # an anchor nobody uses is refused too
    ("a:\n  - &item {b: 1}\n", 2, 5, "no-aliases", "anchors"),
    ("a: 1\n---\nb: 2\n", 2, 1, "yaml-syntax", "one YAML document"),
])
def test_bad_yaml_is_reported_at_its_position(text, line, column, rule, words):
    with pytest.raises(LoadError) as info:
        load_text(text, "f.yaml")
    problem = info.value.problem
    assert (problem.line, problem.column, problem.rule) == (line, column, rule)
    assert words in problem.message
    assert "\n" not in problem.format()


def test_utf8_bom_and_crlf_are_accepted():
    text = decode("\ufeffa: caf\u00e9\r\nb:\r\n  - x\r\n".encode("utf-8"), "f.yaml")
    assert load_text(text, "f.yaml").data == {"a": "caf\u00e9", "b": ["x"]}


@pytest.mark.parametrize("raw, line, column", [
    (b"a: caf\xe9\n", 1, 7),
    (b"a: ok\nb: \xff\xfe\n", 2, 4),
    (b"\xff\xfea\x00:\x00", 1, 1),  # UTF-16
])
def test_non_utf8_bytes_are_reported(raw, line, column):
    with pytest.raises(LoadError) as info:
        decode(raw, "f.yaml")
    assert (info.value.problem.line, info.value.problem.column, info.value.problem.rule) == (line, column, "encoding")


def test_alias_bomb_is_refused_quickly():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for prev, name in zip("abcdefgh", "bcdefghi"):
        bomb += f"{name}: &{name} [{','.join(['*' + prev] * 9)}]\n"
    with pytest.raises(LoadError) as info:
        load_text(bomb, "f.yaml")
    assert info.value.problem.rule == "no-aliases"


def test_multi_megabyte_field_loads_in_bounded_time():
    import time

    text = "a: " + "x" * 3_000_000 + "\n"
    start = time.perf_counter()
    doc = load_text(text, "f.yaml")
    assert len(doc.data["a"]) == 3_000_000
    assert time.perf_counter() - start < 10  # generous bound: the point is it does not hang


def test_oversized_file_is_refused():
    with pytest.raises(LoadError) as info:
        decode(b"a: " + b"x" * 6_000_000, "f.yaml")
    assert info.value.problem.rule == "file-too-large"

"""`flask privacy check [FILE]`: JSON lines in, one JSON line per input line out; exit status 0
(clean), 1 (something found) or 2 (unreadable input, with a one-line error naming the line)."""
import json


def _write(tmp_path, lines, name="posts.jsonl"):
    path = tmp_path / name
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _output_lines(result):
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_file_with_an_identifier_prints_each_line_and_exits_1(runner, tmp_path):
    texts = ["K 3.2, BP 140/90, metformin 500 mg bid.", "Mrs. Abernathy in room 412, MRN 00482913."]
    path = _write(tmp_path, [json.dumps({"text": text}) for text in texts])
    result = runner.invoke(args=["privacy", "check", str(path)])
    assert result.exit_code == 1, result.output
    first, second = _output_lines(result)
    assert first == {"line": 1, "findings": []}
    assert second["line"] == 2
    assert [f["kind"] for f in second["findings"]] == ["name", "room", "record_number"]
    for finding in second["findings"]:
        assert set(finding) == {"kind", "start", "end", "text"}
        assert texts[1][finding["start"]:finding["end"]] == finding["text"]


def test_clean_file_exits_0(runner, tmp_path):
    path = _write(tmp_path, [json.dumps({"text": "Dr. Osler described Bell's palsy.", "id": 7}),
                             json.dumps({"text": "SpO2 94% on room air, 2/6 systolic murmur."})])
    result = runner.invoke(args=["privacy", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert _output_lines(result) == [{"line": 1, "findings": []}, {"line": 2, "findings": []}]


def test_blank_lines_are_skipped_but_counted(runner, tmp_path):
    path = _write(tmp_path, [json.dumps({"text": "clean"}), "", "   ", json.dumps({"text": "bed 7"})])
    result = runner.invoke(args=["privacy", "check", str(path)])
    assert result.exit_code == 1
    assert [line["line"] for line in _output_lines(result)] == [1, 4]


def test_offsets_count_characters_not_bytes(runner, tmp_path):
    text = "Café résumé: Mr. Núñez in bed 4"
    path = _write(tmp_path, [json.dumps({"text": text}, ensure_ascii=False)])
    result = runner.invoke(args=["privacy", "check", str(path)])
    findings = _output_lines(result)[0]["findings"]
    assert [text[f["start"]:f["end"]] for f in findings] == ["Mr. Núñez", "bed 4"]


def test_standard_input_is_screened_as_one_text(runner):
    text = "Seen today.\nHis wife Margaret called from (555) 201-3344."
    result = runner.invoke(args=["privacy", "check"], input=text)
    assert result.exit_code == 1, result.output
    (output,) = _output_lines(result)
    assert set(output) == {"findings"}
    assert [(f["kind"], f["text"]) for f in output["findings"]] == [("name", "Margaret"),
                                                                    ("phone", "(555) 201-3344")]
    assert all(text[f["start"]:f["end"]] == f["text"] for f in output["findings"])


def test_clean_standard_input_exits_0(runner):
    result = runner.invoke(args=["privacy", "check"], input="INR 2.5 on warfarin; HR 110.")
    assert result.exit_code == 0
    assert _output_lines(result) == [{"findings": []}]


def test_missing_file_exits_2_with_a_clear_error(runner, tmp_path):
    missing = tmp_path / "nope.jsonl"
    result = runner.invoke(args=["privacy", "check", str(missing)])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert str(missing) in result.stderr and "No such file" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_directory_exits_2(runner, tmp_path):
    result = runner.invoke(args=["privacy", "check", str(tmp_path)])
    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_invalid_json_line_exits_2_naming_the_line(runner, tmp_path):
    path = _write(tmp_path, [json.dumps({"text": "Mrs. Abernathy"}), '{"text": "unterminated'])
    result = runner.invoke(args=["privacy", "check", str(path)])
    assert result.exit_code == 2
    assert "line 2" in result.stderr and "invalid JSON" in result.stderr
    assert result.stdout == "", "nothing is printed when the input cannot be read"


def test_line_without_a_string_text_field_exits_2(runner, tmp_path):
    for bad in ('{"body": "x"}', '{"text": 5}', '["text"]', '"text"', '{"text": null}'):
        path = _write(tmp_path, [json.dumps({"text": "fine"}), bad])
        result = runner.invoke(args=["privacy", "check", str(path)])
        assert result.exit_code == 2, bad
        assert "line 2" in result.stderr and '"text"' in result.stderr


def test_file_that_is_not_utf8_exits_2(runner, tmp_path):
    path = tmp_path / "latin1.jsonl"
    path.write_bytes('{"text": "Mr. Núñez"}\n'.encode("latin-1"))
    result = runner.invoke(args=["privacy", "check", str(path)])
    assert result.exit_code == 2
    assert "not UTF-8" in result.stderr


def test_standard_input_that_is_not_utf8_exits_2(runner):
    result = runner.invoke(args=["privacy", "check"], input=b"bed 4 \xff\xfe")
    assert result.exit_code == 2
    assert "standard input is not UTF-8" in result.stderr

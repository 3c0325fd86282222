"""PDNC scorer (ficlens.evaluation.pdnc) on a hand-made tiny novel with hand-computed answers, plus a check of
SCORING.md §1 facts and of a perfect prediction on the real dev novels (skipped when ../shared is absent)."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from ficlens.evaluation.pdnc import (
    PdncGold,
    aggregate,
    format_report,
    gold_characters_for_gqgc,
    gold_to_prediction_for_gq,
    load_gold,
    map_character,
    norm,
    novels,
    score_novel,
    trim,
)

PDNC = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "pdnc"

# --------------------------------------------------------------------------------------------------- tiny novel

LINES = [
    "Once upon a time there were friends.\n",
    '"Hello there," said Anna, "how are you?" she asked, smiling warmly.\n',
    'Ben replied: "  Very well, thank you.  "\n',
    '"We are lost," someone cried.\n',
    '"Carl is here, Anna," said Carl.\n',
    '"Good," said Anna.\n',
]
TEXT = "".join(LINES)
LINE_START = [sum(len(x) for x in LINES[:i]) for i in range(len(LINES))]


def at(sub: str, line: int, offset: int = 0) -> tuple[int, int]:
    """The span of the first ``sub`` on ``line`` (at or after ``offset`` characters into it)."""
    i = TEXT.index(sub, LINE_START[line] + offset)
    assert i < LINE_START[line] + len(LINES[line])
    return i, i + len(sub)


G0A = at("Hello there,", 1)
G0B = at("how are you?", 1)
G1_RAW = at("  Very well, thank you.  ", 2)
G1 = at("Very well, thank you.", 2)
G2 = at("We are lost,", 3)
G3 = at("Carl is here, Anna,", 4)
G4 = at("Good,", 5)
M_YOU = at("you", 1, G0B[0] - LINE_START[1])
M_WE = at("We", 3)
M_CARL = at("Carl", 4)
M_HERE = at("here", 4)
M_ANNA = at("Anna", 4)

CHAR_ROWS = [
    ["Character ID", "Main Name", "Aliases", "Gender", "Category"],
    ["0", "Anna Smith", "{'Anna', 'Anna Smith', 'Miss Smith'}", "F", "major"],
    ["1", "Ben", "['Ben', 'Benjamin']", "M", "major"],
    ["2", "Carl", "{'Carl', 'Mr. Carl'}", "M", "intermediate"],
    ["3", "_narr", "{'_narr'}", "X", "minor"],
    ["9", "Smith", "['Smith', 'Mr. Smith']", "M", "minor"],
    ["10", "Dan", "['Dan']", "M", "minor"],
    ["11", "Eve", "", "F", "minor"],
]
QUOTE_HEADER = [
    "quoteID",
    "quoteText",
    "subQuotationList",
    "quoteByteSpans",
    "speaker",
    "addressees",
    "quoteType",
    "referringExpression",
    "mentionTextsList",
    "mentionSpansList",
    "mentionEntitiesList",
]


def sp(span: tuple[int, int]) -> str:
    return f"[{span[0]}, {span[1]}]"


def quote_rows(plural: bool) -> list[list[str]]:
    q0 = TEXT[G0A[0] : G0A[1]] + " " + TEXT[G0B[0] : G0B[1]]
    rows = [
        [
            "Q0",
            q0,
            repr([TEXT[G0A[0] : G0A[1]], TEXT[G0B[0] : G0B[1]]]),
            f"[{sp(G0A)}, {sp(G0B)}]",
            "Anna",
            "['Ben']",
            "Explicit",
            "said Anna",
            "[[], ['you']]",
            f"[[], [{sp(M_YOU)}]]",
            "[[], [['Ben']]]",
        ],
        [
            "Q1",
            TEXT[G1_RAW[0] : G1_RAW[1]],
            repr([TEXT[G1_RAW[0] : G1_RAW[1]]]),
            f"[{sp(G1_RAW)}]",
            "Benjamin ",
            "['Anna', 'Zed']",
            "Anaphoric",
            "",
            "nan",
            "nan",
            "nan",
        ],
        [
            "Q2",
            "We are lost,",
            "['We are lost,']",
            f"[{sp(G2)}]",
            "_narr",
            "[]",
            "Implicit",
            "",
            "[['We']]" if plural else "nan",
            f"[[{sp(M_WE)}]]" if plural else "nan",
            "[[['Anna', 'Ben']]]" if plural else "nan",
        ],
        [
            "Q3",
            "Carl is here, Anna,",
            "['Carl is here, Anna,']",
            f"[{sp(G3)}]",
            "Mr. Carl",
            "['Anna']",
            "nan",
            "said Carl",
            "[['Carl', 'here', 'Anna']]",
            f"[[{sp(M_CARL)}, {sp(M_HERE)}, {sp(M_ANNA)}]]",
            "[[['Carl'], ['Dora'], ['Anna Smith']]]",
        ],
        [
            "Q4",
            "Good,",
            "['Good,']",
            f"[{sp(G4)}]",
            "Miss Smith",
            "['Carl']",
            "Implicit",
            "said Anna",
            "",
            "",
            "",
        ],
    ]
    return rows


def make_novel(root: Path, name: str = "Tiny", plural: bool = True) -> Path:
    d = root / name
    d.mkdir(parents=True)
    (d / "novel_text.txt").write_text(TEXT, encoding="utf-8", newline="")
    with (d / "character_info.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(CHAR_ROWS)
    with (d / "quotation_info.csv").open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(QUOTE_HEADER)
        w.writerows(quote_rows(plural))
    return d


@pytest.fixture
def gold(tmp_path: Path) -> PdncGold:
    return load_gold(make_novel(tmp_path))


def q(span: tuple[int, int], speaker: str | None = None, addressees: list[str] | None = None) -> dict[str, Any]:
    return {"start": span[0], "end": span[1], "speaker": speaker, "addressees": addressees or []}


CLUSTERS = [
    {"id": "c1", "names": ["Anna", "Miss Smith", "Annie"]},  # pure, Anna (0)
    {"id": "c2", "names": ["Ben"]},  # pure, Ben (1)
    {"id": "c3", "names": ["Benjamin"]},  # pure, Ben again: fragmentation
    {"id": "c4", "names": ["Carl", "carl ", "CARL", "Anna"]},  # impure; R5 tie -> Anna (2 quotes) beats Carl (1)
    {"id": "c5", "names": ["The Stranger"]},  # no hits
    {"id": "c6", "names": ["Dan", "Smith"]},  # impure; tie -> lower numeric ID 9 (Smith), not "10"
    {"id": "c7", "names": ["_narr"]},  # pure, special (R10)
]


def main_prediction() -> dict[str, Any]:
    p0 = (LINE_START[1], at('you?"', 1)[1])  # '"Hello there," said Anna, "how are you?"': joins both halves of Q0
    p1 = (G1_RAW[0] - 1, G1_RAW[1] + 1)  # with its quotation marks and padding
    return {
        "novel": "Tiny",
        "characters": CLUSTERS,
        "quotes": [
            q(p0, "c1", ["c2", "c5"]),
            q(p1, "c3", ["c1"]),
            q(G2, "c5"),
            q(at("Carl is here", 4), "c4", ["c7", "c6"]),
            q(at("Once upon a time", 0), "c1"),
            q(G4, "c1"),
            q((len(TEXT) + 5, len(TEXT) + 10), "c1"),  # clamped, empty after trimming (R7)
        ],
        "mentions": [
            {"start": M_YOU[0], "end": M_YOU[1], "character": "c2"},
            {"start": M_YOU[0], "end": M_YOU[1], "character": "c5"},
            {"start": M_CARL[0], "end": M_CARL[1], "character": "c4"},
            {"start": M_ANNA[0] - 1, "end": M_ANNA[1], "character": "c1"},  # ' Anna': same span after trimming
            {"start": M_WE[0], "end": M_WE[1], "character": "c1"},
        ],
    }


# --------------------------------------------------------------------------------------------------- basics


def test_norm_and_trim() -> None:
    assert norm("  Mr.   Harville \n") == "mr. harville"
    text = "x \u201c 'Hi there.' \u201d y"
    s, e = trim(text, 1, len(text) - 1)
    assert text[s:e] == "Hi there."
    assert trim("abc", -4, 99) == (0, 3)
    assert trim('" "', 0, 3) == (3, 3)  # empty after trimming
    assert trim("abc", 2, 1) == (2, 2)


def test_load_gold(gold: PdncGold) -> None:
    assert [c.id for c in gold.characters] == ["0", "1", "2", "3", "9", "10", "11"]
    by_id = gold.by_id
    assert set(by_id["0"].aliases) == {"Anna", "Anna Smith", "Miss Smith"}  # set literal
    assert by_id["1"].aliases == ("Ben", "Benjamin")  # list literal
    assert by_id["11"].aliases == () and by_id["11"].names == ("Eve",)  # '' cell
    assert gold.alias2id["miss smith"] == "0" and gold.alias2id["mr. carl"] == "2" and gold.alias2id["eve"] == "11"
    assert gold.special_ids == frozenset({"3"})
    assert not gold.alias_collisions

    q0, q1, q2, q3, q4 = gold.quotes
    assert q0.spans == (G0A, G0B) and q0.speaker == "0" and q0.addressees == ("1",) and q0.qtype == "Explicit"
    assert q1.spans == (G1,) and TEXT[G1[0] : G1[1]] == "Very well, thank you."
    assert q1.speaker == "1" and q1.addressees == ("0",) and q1.qtype == "Anaphoric" and q1.mentions == ()
    assert q2.speaker == "3" and [m.entities for m in q2.mentions] == [("0", "1")]
    assert q3.qtype == "unknown" and q3.speaker == "2"
    assert [(m.start, m.end, m.entities) for m in q3.mentions] == [(*M_CARL, ("2",)), (*M_ANNA, ("0",))]
    assert q4.speaker == "0" and q4.mentions == () and q4.qtype == "Implicit"
    assert [(m.start, m.end, m.entities) for m in q0.mentions] == [(*M_YOU, ("1",))]
    assert gold.unresolved_speakers == 0
    assert gold.unresolved_addressees == 1 and ("addressee", "Q1", "Zed") in gold.unresolved
    assert gold.unresolved_mentions == 1 and ("mention", "Q3", "Dora") in gold.unresolved
    assert gold.malformed_mentions == 0


def test_map_character_votes_and_tie_breaks(gold: PdncGold) -> None:
    assert map_character(["Carl", "Mr. Carl", "Anna"], gold) == "2"  # 2 votes against 1
    assert map_character(["Carl", "carl ", "CARL", "Anna"], gold) == "0"  # R5: 1-1, Anna speaks 2 quotes, Carl 1
    assert map_character(["Carl", "Ben"], gold) == "1"  # 1-1, 1 quote each: lower ID
    assert map_character(["Dan", "Smith"], gold) == "9"  # 0 quotes each: 9 < 10 numerically ("10" < "9" as text)
    assert map_character(["Annie", "The Stranger"], gold) is None


# --------------------------------------------------------------------------------------------------- E2E


def test_e2e_detection(gold: PdncGold) -> None:
    r = score_novel(gold, main_prediction(), "e2e")
    c = r["counts"]
    assert (c["det_pred"], c["det_gold"]) == (7, 6)
    # strict: only the padded Q1 span (after trimming), Q2 and Q4 are exact
    assert c["det_strict_matched"] == 3
    assert r["det_strict_p"] == pytest.approx(3 / 7) and r["det_strict_r"] == pytest.approx(3 / 6)
    # lenient: the joined Q0 span (24 of its 38 characters are gold) and the partial Q3 span (12/19) count;
    # the narration span and the empty span do not
    assert c["det_lenient_correct"] == 5 and c["det_lenient_recalled"] == 6
    assert r["det_lenient_p"] == pytest.approx(5 / 7) and r["det_lenient_r"] == 1.0
    assert r["det_lenient_f1"] == pytest.approx(2 * (5 / 7) / (5 / 7 + 1))


def test_e2e_speaker(gold: PdncGold) -> None:
    r = score_novel(gold, main_prediction(), "e2e")
    c = r["counts"]
    assert c["excluded_special_quotes"] == 1 and c["spk_total"] == 4
    # Q0, Q1, Q4 right; Q3's cluster c4 maps to Anna under R5, so it is wrong
    assert r["speaker_r"] == 0.75 and r["speaker_acc"] == 0.75
    # 7 spans - the Q2 span (attached only to the special-speaker quote) = 6; 3 correct
    assert c["spk_pred_total"] == 6 and c["spk_pred_correct"] == 3
    assert r["speaker_p"] == 0.5 and r["speaker_f1"] == pytest.approx(0.6)
    assert r["speaker_p_literal"] == 0.5
    assert r["speaker_acc_type_Explicit"] == 1.0 and r["speaker_acc_type_Anaphoric"] == 1.0
    assert r["speaker_acc_type_Implicit"] == 1.0 and r["speaker_acc_type_unknown"] == 0.0
    assert r["speaker_acc_cat_major"] == 1.0 and r["speaker_acc_cat_intermediate"] == 0.0
    assert r["speaker_acc_cat_minor"] is None  # no gold quote: n/a (R2)


def test_characters_purity_fragmentation_b3(gold: PdncGold) -> None:
    r = score_novel(gold, main_prediction(), "e2e")
    c = r["counts"]
    # 6 gold characters (the special _narr excluded, R10); Eve (11) is not found
    assert (c["char_found"], c["char_total"]) == (5, 6) and r["char_recall"] == pytest.approx(5 / 6)
    assert r["char_recall_cat_major"] == 1.0 and r["char_recall_cat_intermediate"] == 1.0
    assert r["char_recall_cat_minor"] == pytest.approx(2 / 3)
    assert r["char_recall_speaking"] == 1.0 and c["spkchar_total"] == 3
    # hits: c1 {0}, c2 {1}, c3 {1}, c4 {2,0}, c5 {}, c6 {10,9}, c7 {3}
    assert (c["clusters_pure"], c["clusters_hit"], c["clusters_no_hits"]) == (4, 6, 1)
    assert r["purity"] == pytest.approx(4 / 6)
    assert r["fragmentation"] == pytest.approx(4 / 3)  # 4 pure clusters over gold IDs {0, 1, 3}
    # B3 items: anna, miss smith (c1); ben (c2); benjamin (c3); carl (c4; its "anna" is c1's); dan, smith (c6); _narr
    assert c["b3_items"] == 8
    assert r["b3_p"] == pytest.approx(7 / 8)  # dan and smith share c6: 1/2 each
    assert r["b3_r"] == pytest.approx(7 / 8)  # ben and benjamin are split: 1/2 each
    assert r["b3_f1"] == pytest.approx(7 / 8)


def test_addressees(gold: PdncGold) -> None:
    r = score_novel(gold, main_prediction(), "e2e")
    c = r["counts"]
    # Q0 {Ben} vs {Ben, unmapped c5}; Q1 {Anna} (Zed unresolved) vs {Anna}; Q3 {Anna} vs {special: dropped, Smith};
    # Q4 {Carl} vs {}; Q2 is special-speaker
    assert (c["addr_quotes"], c["addr_tp"], c["addr_pred"], c["addr_gold"]) == (4, 2, 4, 4)
    assert r["addressee_p"] == 0.5 and r["addressee_r"] == 0.5 and r["addressee_f1"] == 0.5
    assert c["unresolved_addressees"] == 1


def test_mentions(gold: PdncGold) -> None:
    r = score_novel(gold, main_prediction(), "e2e")
    c = r["counts"]
    # singular: 'you' (Ben: hit, but an unmapped prediction shares the span), 'Carl' (c4 -> Anna: miss),
    # 'Anna' (hit, alone); 'here' is unresolved (Dora)
    assert (c["mention_total"], c["mention_correct"], c["mention_correct_strict"]) == (3, 2, 1)
    assert r["mention_acc"] == pytest.approx(2 / 3) and r["mention_acc_strict"] == pytest.approx(1 / 3)
    assert r["mention_plural_jaccard"] == 0.5  # 'We': {Anna} vs {Anna, Ben}
    assert c["unresolved_mentions"] == 1
    no_mentions = {k: v for k, v in main_prediction().items() if k != "mentions"}
    r2 = score_novel(gold, no_mentions, "e2e")
    assert r2["mention_acc"] == 0.0 and r2["mention_plural_jaccard"] == 0.0


def test_empty_prediction_r2(gold: PdncGold) -> None:
    r = score_novel(gold, {}, "e2e")
    for key in ("det_lenient_p", "speaker_p", "purity", "b3_p", "b3_r", "b3_f1", "addressee_p", "addressee_r"):
        assert r[key] == 0.0, key  # prediction side: 0.0
    assert r["fragmentation"] is None  # no pure cluster: n/a
    assert r["det_lenient_r"] == 0.0 and r["speaker_r"] == 0.0 and r["char_recall"] == 0.0 and r["mention_acc"] == 0.0
    assert r["speaker_acc_cat_minor"] is None and r["speaker_f1"] == 0.0


# --------------------------------------------------------------------------------------------------- alignment (R6)

ANNA = {"id": "a", "names": ["Anna"]}
BEN = {"id": "b", "names": ["Ben"]}


def only_q0(*quotes: dict[str, Any]) -> dict[str, Any]:
    return {"characters": [ANNA, BEN], "quotes": list(quotes)}


def test_alignment_largest_overlap_first_then_recall_check(gold: PdncGold) -> None:
    px = (G0A[0] + 7, G0B[0] + 5)  # 'here," said Anna, "how a': overlap 5 + 5 = 10, recalls neither half
    py = (G0A[0], G0A[0] + 7)  # 'Hello t': overlap 7, recalls the first half (7/12)
    r = score_novel(gold, only_q0(q(px, "a"), q(py, "a")), "e2e")
    assert r["counts"]["aligned_quotes"] == 0  # px has the largest overlap and recalls nothing: Q0 unaligned
    assert r["speaker_r"] == 0.0
    assert r["speaker_p"] == 0.5  # R1: py recalls a sub-span of Q0 with the right speaker
    assert r["speaker_p_literal"] == 0.0
    assert r["addressee_p"] == 0.0 and r["addressee_r"] == 0.0  # R2: empty prediction-side denominators
    assert r["det_lenient_p"] == 0.5 and r["det_lenient_r"] == pytest.approx(1 / 6)


def test_alignment_tie_prefers_span_that_recalls(gold: PdncGold) -> None:
    px = (G0A[0] + 7, G0B[0] + 5)  # overlap 10, no recall; shorter and earlier
    pr = (G0B[0] + 2, at("warmly.", 1)[1])  # 'w are you?" she asked, smiling warmly.': overlap 10, recalls
    r = score_novel(gold, only_q0(q(px, "b"), q(pr, "a")), "e2e")
    assert r["counts"]["aligned_quotes"] == 1 and r["speaker_r"] == 0.25


def test_alignment_tie_prefers_shorter_then_earlier(gold: PdncGold) -> None:
    pc = (G0A[0], G0A[1] + 6)  # 'Hello there," said': overlap 12, recalls, length 18
    r = score_novel(gold, only_q0(q(pc, "a"), q(G0B, "b")), "e2e")
    assert r["speaker_r"] == 0.0  # aligned to the shorter span, whose speaker is wrong
    assert r["speaker_p_literal"] == 0.0 and r["speaker_p"] == 0.5
    r = score_novel(gold, only_q0(q(G0B, "b"), q(G0A, "a")), "e2e")
    assert r["speaker_r"] == 0.25  # same overlap and length: the earlier span (listed second) wins


def test_r1_interrupted_quote_halves(gold: PdncGold) -> None:
    r = score_novel(gold, only_q0(q(G0A, "a"), q(G0B, "a")), "e2e")
    assert r["speaker_r"] == 0.25
    assert r["speaker_p"] == 1.0  # R1: both halves earn credit
    assert r["speaker_p_literal"] == 0.5  # §7 as written: only the aligned half
    assert r["speaker_f1"] == pytest.approx(0.4)
    assert r["det_strict_p"] == 1.0 and r["det_strict_r"] == pytest.approx(2 / 6)


# --------------------------------------------------------------------------------------------------- GQ settings


def test_gq_helpers_and_gold_ids_only_in_gqgc(gold: PdncGold) -> None:
    given = gold_to_prediction_for_gq(gold)
    assert [(x["quote_id"], x["start"], x["end"]) for x in given] == [
        ("Q0", *G0A),
        ("Q0", *G0B),
        ("Q1", *G1),
        ("Q2", *G2),
        ("Q3", *G3),
        ("Q4", *G4),
    ]
    assert all("speaker" not in x for x in given)
    chars = gold_characters_for_gqgc(gold)
    assert [c["id"] for c in chars] == ["gold:0", "gold:1", "gold:2", "gold:3", "gold:9", "gold:10", "gold:11"]
    assert chars[0]["names"][0] == "Anna Smith" and chars[3]["special"] and not chars[0]["special"]

    speakers = {"Q0": "gold:0", "Q1": "gold:1", "Q2": "gold:3", "Q3": "gold:2", "Q4": "gold:1"}
    pred = {
        "characters": [
            {"id": "gold:0", "names": ["Ben"]},
            {"id": "gold:1", "names": ["Ben"]},
            {"id": "gold:2", "names": ["Carl"]},
        ],
        "quotes": [{**x, "speaker": speakers[x["quote_id"]]} for x in given],
    }
    gqgc = score_novel(gold, pred, "gqgc")
    assert gqgc["speaker_acc"] == 0.75  # gold:<ID> honoured: only Q4 (gold:1 for Anna) is wrong
    assert gqgc["det_strict_f1"] == 1.0  # R11: computed, shown for information
    gq = score_novel(gold, pred, "gq")
    assert gq["speaker_acc"] == 0.5  # R4: "gold:0" is mapped by its names (Ben), so Q0 is wrong too
    e2e = score_novel(gold, pred, "e2e")
    assert e2e["speaker_r"] == 0.5
    with pytest.raises(ValueError):
        score_novel(gold, pred, "GQ")


# --------------------------------------------------------------------------------------------------- aggregate


def test_aggregate_micro_and_macro(tmp_path: Path) -> None:
    gold_a = load_gold(make_novel(tmp_path, "A", plural=True))
    gold_b = load_gold(make_novel(tmp_path, "B", plural=False))
    results = {
        "A": score_novel(gold_a, main_prediction(), "e2e"),
        "B": score_novel(gold_b, only_q0(q(G0A, "a"), q(G0B, "a")), "e2e"),
    }
    agg = aggregate(results)
    micro, macro = agg["micro"], agg["macro"]
    assert agg["n_novels"] == 2 and micro["counts"]["spk_total"] == 8
    assert micro["speaker_p"] == pytest.approx(5 / 8)  # (3 + 2) / (6 + 2)
    assert macro["speaker_p"] == pytest.approx(0.75)  # (0.5 + 1.0) / 2
    assert micro["speaker_r"] == 0.5 and macro["speaker_r"] == 0.5
    assert micro["speaker_f1"] == pytest.approx(2 * 0.625 * 0.5 / 1.125)
    assert macro["speaker_f1"] == pytest.approx((0.6 + 0.4) / 2)
    assert micro["det_lenient_p"] == pytest.approx(7 / 9)
    assert macro["det_lenient_p"] == pytest.approx((5 / 7 + 1) / 2)
    assert results["B"]["mention_plural_jaccard"] is None  # no plural gold mention in B
    assert micro["mention_plural_jaccard"] == 0.5 and macro["mention_plural_jaccard"] == 0.5
    assert micro["speaker_acc_cat_minor"] is None and macro["speaker_acc_cat_minor"] is None
    assert micro["fragmentation"] == pytest.approx((4 + 2) / (3 + 2)) and macro["fragmentation"] == pytest.approx(
        (4 / 3 + 1) / 2
    )

    report = format_report(results, agg, "e2e")
    lines = report.splitlines()
    assert any(line.startswith("A ") for line in lines) and any(line.startswith("micro") for line in lines)
    assert any(line.startswith("macro") for line in lines) and "n/a" in report and "spk_F1" in report
    assert "excl_special" in report
    assert "spk_acc" in format_report(results, agg, "gqgc")


# --------------------------------------------------------------------------------------------------- novels()


def test_novels_splits(tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_novel(data, "Alpha")
    make_novel(data, "Beta")
    (data / "Gamma").mkdir()
    (data / "Gamma" / "novel_text.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in novels(tmp_path, "all")] == ["Alpha", "Beta"]
    with pytest.raises(ValueError, match=r"splits\.json"):
        novels(tmp_path, "dev")
    (tmp_path / "splits.json").write_text(json.dumps({"train": ["Alpha"], "dev": ["Beta"]}), encoding="utf-8")
    assert novels(tmp_path, "dev") == [data / "Beta"]
    assert novels(tmp_path, "train") == [data / "Alpha"]
    with pytest.raises(ValueError):
        novels(tmp_path, "test")


# --------------------------------------------------------------------------------------------------- real data


@pytest.mark.shared
def test_dev_novels_facts_and_perfect_prediction() -> None:
    if not PDNC.exists():
        pytest.skip(f"{PDNC} is not available (../shared is absent outside the development checkout)")
    dirs = novels(PDNC, "dev")
    assert [d.name for d in dirs] == ["HardTimes", "NorthangerAbbey", "TheSignOfTheFour", "WhereAngelsFearToTread"]
    special_quotes = {}
    for d in dirs:
        g = load_gold(d)
        assert g.text.isascii() and "\r" not in g.text
        assert all(x.speaker is not None for x in g.quotes)  # §1: every speaker resolves
        assert not g.alias_collisions
        special_quotes[d.name] = sum(1 for x in g.quotes if x.speaker in g.special_ids)

        chars = [c for c in gold_characters_for_gqgc(g) if not c["special"]]
        by_quote = {x.id: x for x in g.quotes}
        quotes = []
        for x in gold_to_prediction_for_gq(g):
            gq = by_quote[x["quote_id"]]
            quotes.append({**x, "speaker": f"gold:{gq.speaker}", "addressees": [f"gold:{a}" for a in gq.addressees]})
        mentions = [
            {"start": m.start, "end": m.end, "character": f"gold:{e}"}
            for x in g.quotes
            for m in x.mentions
            for e in m.entities
        ]
        pred = {"novel": d.name, "characters": chars, "quotes": quotes, "mentions": mentions}
        r = score_novel(g, pred, "gqgc")
        for key in ("speaker_acc", "purity", "char_recall", "char_recall_speaking", "b3_f1", "det_strict_f1"):
            assert r[key] == 1.0, (d.name, key, r[key])
        assert r["addressee_f1"] == 1.0 and r["mention_acc"] == 1.0 and r["fragmentation"] == 1.0
        e2e = score_novel(g, pred, "e2e")  # the clusters are mapped by their names
        assert e2e["speaker_f1"] == 1.0 and e2e["speaker_p"] == 1.0, d.name
    assert special_quotes == {"HardTimes": 21, "NorthangerAbbey": 0, "TheSignOfTheFour": 0, "WhereAngelsFearToTread": 8}
    assert sum(special_quotes.values()) == 29

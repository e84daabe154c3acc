"""Person-specification markers: a legend gives each bracketed letter its meaning (jobmatch.personspec)."""

from jobmatch.personspec import legend, spell_out_markers
from jobmatch.postings import must_haves


def test_legend_in_its_common_forms():
    assert legend("Criteria (E = essential, D = desirable)") == {"E": "essential", "D": "desirable"}
    assert legend("Key: Essential (E) / Desirable (D)") == {"E": "essential", "D": "desirable"}
    assert legend("R: required; P: preferred") == {"R": "required", "P": "preferred"}


def test_no_legend_without_both_meanings():
    assert legend("Grade (E) pay scale; desirable location") == {}
    assert legend("E = essential") == {}
    assert spell_out_markers("Forklift licence (D)\nNo key given") == "Forklift licence (D)\nNo key given"


def test_only_a_line_final_letter_is_spelled_out():
    text = "Key: A = essential, B = desirable\n- Class (B) rigid truck licence (A)\n- Tableau (B)"
    assert spell_out_markers(text) == (
        "Key: A = essential, B = desirable\n- Class (B) rigid truck licence (essential)\n- Tableau (desirable)"
    )


def test_a_desirable_letter_makes_the_line_a_nice_to_have(vocab):
    text = (
        "Data Officer\nPerson specification (E = essential, D = desirable)\n"
        "- Strong SQL for reporting (E)\n- Tableau dashboards (D)\n"
    )
    required, nice = must_haves(text, vocab, name_filter=lambda proposals: set())
    assert required == [("SQL",)]
    assert "Tableau" in nice

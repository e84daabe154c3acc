"""Must-haves the parser used to miss: requirements written in ways the rules did not read.

Every sentence here is written for the test, not copied from a development posting.
"""

from jobmatch.postings import must_haves
from jobmatch.sections import NICE_CUE


def test_plus_joining_two_requirements_is_no_preference(vocab):
    assert not NICE_CUE.search("Solid Java and Kotlin, plus SQL")
    assert not NICE_CUE.search("25 days' leave plus public holidays")
    for text in ("Terraform a plus", "Helm experience is a big plus for us", "Plus: Grafana", "plus if you know Go"):
        assert NICE_CUE.search(text), text
    assert must_haves("Requirements:\n- Strong Java, plus PostgreSQL", vocab)[0] == [("Java",), ("PostgreSQL",)]



def test_a_name_before_a_stated_preference_stays_required(vocab):
    groups, nice = must_haves("Requirements:\n- Experience with Zorblet, ideally with Grafana dashboards", vocab)
    assert groups == [("Zorblet",)] and "Grafana" in nice


def test_a_multi_word_name_in_the_titles_brackets_is_asked_for(vocab):
    text = "Sound Designer (Quillon Wave Studio)\n\nRequirements:\n- Editing skills in Quillon Wave Studio\n- Excel"
    assert ("Quillon Wave Studio",) in must_haves(text, vocab)[0]
    text = "Nurse Specialist (QRX)\n\nRequirements:\n- Two years of QRX practice\n- BLS"
    assert ("QRX",) not in must_haves(text, vocab)[0]

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


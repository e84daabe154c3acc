"""What a posting says from the employer's side inside its requirement lines: how to apply, what the job pays
and offers, why it asks for something, and asides about the company's own tools. None of it is a skill the candidate
must have."""

from __future__ import annotations

import re

# "Interested candidates can share their CV with current CTC", "Please email your resume to": how to apply ("To apply
# you will need a White Card" is a requirement).
EMPLOYER_LINE = re.compile(
    r"^\W*(?:(?:interested|suitable|eligible|shortlisted) (?:candidates|applicants)\b|"
    r"(?:please |kindly )?(?:send|share|email|e-mail|submit|forward|mail) (?:us )?(?:your |an? |the )?"
    r"(?:updated |latest |current )?(?:cv|resume|résumé|application)\b|"
    # "Send us a short note and your GitHub": what to send, not what to know
    r"(?:please |kindly )?(?:send|email|e-mail|submit|forward|mail) (?:us |me )?(?:an? |your )?(?:short |brief )?"
    r"(?:note|cover letter|letter|message|portfolio)\b|"
    # "Salary EUR 32k-42k, 25 days of holiday and a MacBook": what the job offers
    r"(?:(?:base |gross |annual )?salary|compensation|pay range|benefits|perks)\b|"
    r"how to apply\b|to apply[,:]? (?:please |simply |just )?(?:send|email|e-mail|submit|visit|click|go|use|fill|"
    r"complete|upload|address|write|include)\b|apply (?:now|via|through|online|at|by|here|with (?:your|an?|the))\b|"
    # "without it we can't let you work on live systems": why the requirement before is asked for, not another one
    r"without (?:it|this|that|them|one)\b(?! (?:is|are)\b))",
    re.I,
)

# "Go or Python (our internal tooling is mostly Go)", "Revit (we are a fully BIM office)": an aside about the
# company names what it uses, not a second requirement.
COMPANY_ASIDE = re.compile(r"\((?:our|we(?:'re| are)?|the team)\b[^)]*\)", re.I)

__all__ = ["COMPANY_ASIDE", "EMPLOYER_LINE"]

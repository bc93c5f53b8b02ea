"""The applicant journey: eligibility check, application steps, references, status."""

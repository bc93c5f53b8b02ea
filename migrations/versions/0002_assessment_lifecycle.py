"""assessment lifecycle; decision traces in the one trace form

Revision ID: 0002_assessment_lifecycle
Revises: 0001
Create Date: 2026-12-01

Stored accreditation proposals (``accreditation_request.proposal``) move to the JSON form of
``register.domain.trace.Trace``: ``{"proposal", "results": [{"rule", "outcome", "facts"}]}``
with typed facts, from ``{"outcome", "partly_met", "not_met", "trace": [{"rule", "passed",
"evidence"}]}``. The decision rules' evidence held only counts and lists of criterion ids.
"""

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision = "0002_assessment_lifecycle"
down_revision = "0001"
branch_labels = None
depends_on = None

REQUESTS = sa.table(
    "accreditation_request", sa.column("id", sa.Integer), sa.column("proposal", sa.JSON)
)
#: the decision rules whose criteria ids the old form also kept as ``partly_met``/``not_met``
LIMIT_RULES = {
    "decision.partly_met_within_limit": "partly_met",
    "decision.not_met_within_limit": "not_met",
}


def _fact(value):
    return {"kind": "ids" if isinstance(value, list) else "count", "value": value}


def _to_trace(old: dict) -> dict:
    return {
        "proposal": old["outcome"],
        "results": [
            {
                "rule": check["rule"],
                "outcome": "passed" if check["passed"] else "failed",
                "facts": {key: _fact(value) for key, value in check["evidence"].items()},
            }
            for check in old["trace"]
        ],
    }


def _from_trace(new: dict) -> dict:
    old = {"outcome": new["proposal"], "partly_met": [], "not_met": [], "trace": []}
    for result in new["results"]:
        evidence = {key: fact["value"] for key, fact in result["facts"].items()}
        old["trace"].append(
            {"rule": result["rule"], "passed": result["outcome"] == "passed", "evidence": evidence}
        )
        if result["rule"] in LIMIT_RULES:
            old[LIMIT_RULES[result["rule"]]] = evidence.get("criteria_ids", [])
    return old


def _convert_proposals(convert, is_old: bool) -> None:
    connection = op.get_bind()
    for row_id, proposal in connection.execute(sa.select(REQUESTS.c.id, REQUESTS.c.proposal)).all():
        if proposal and ("trace" in proposal) is is_old:
            connection.execute(
                REQUESTS.update().where(REQUESTS.c.id == row_id).values(proposal=convert(proposal))
            )


def upgrade():
    _convert_proposals(_to_trace, is_old=True)


def downgrade():
    _convert_proposals(_from_trace, is_old=False)

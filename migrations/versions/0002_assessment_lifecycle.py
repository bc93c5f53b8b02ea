"""assessment lifecycle; decision traces in the one trace form

Revision ID: 0002_assessment_lifecycle
Revises: 0001
Create Date: 2026-12-01

Portfolio assessments and panel members get a ``state`` (``AssessmentState``: assigned,
scoring, submitted, conflict_declared) with CHECK constraints for the enum and for the
invariants, instead of ``has_conflict`` None/False/True beside ``submitted_at``. Existing
rows: no declaration -> assigned; a conflict -> conflict_declared; no conflict and
submitted -> submitted; otherwise scoring. Rows the services could never have written (a
conflict without a note, ...) make the upgrade fail on a CHECK instead of being patched.

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


STATES = ("assigned", "scoring", "submitted", "conflict_declared")
STATE_FROM_CONFLICT = (
    "CASE WHEN has_conflict IS NULL THEN 'assigned' "
    "WHEN has_conflict THEN 'conflict_declared' "
    "WHEN submitted_at IS NOT NULL THEN 'submitted' ELSE 'scoring' END"
)
CONFLICT_FROM_STATE = (
    "CASE state WHEN 'assigned' THEN NULL WHEN 'conflict_declared' THEN true ELSE false END"
)
#: table -> whether a submitted row also records its policy version
TABLES = {"portfolio_assessment": True, "panel_member": False}


def _invariants(table: str, policy_version: bool) -> dict[str, str]:
    """The CHECK constraints of ``register.models.assessments.assessment_invariants``."""
    submitted = "submitted_at IS NOT NULL" + (
        " AND policy_version IS NOT NULL" if policy_version else ""
    )
    states = ", ".join(f"'{s}'" for s in STATES)
    return {
        f"ck_{table}_assessment_state": f"state IN ({states})",
        f"ck_{table}_declaration_dated": "state = 'assigned' OR conflict_declared_at IS NOT NULL",
        f"ck_{table}_conflict_described": (
            "state != 'conflict_declared' OR conflict_note IS NOT NULL"
        ),
        f"ck_{table}_submission_recorded": (
            f"(state = 'submitted' AND {submitted}) "
            "OR (state != 'submitted' AND submitted_at IS NULL)"
        ),
    }


def upgrade():
    for table, policy_version in TABLES.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("state", sa.String(length=32), nullable=True))
        op.execute(f"UPDATE {table} SET state = {STATE_FROM_CONFLICT}")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("state", existing_type=sa.String(length=32), nullable=False)
            for name, condition in _invariants(table, policy_version).items():
                batch.create_check_constraint(op.f(name), condition)
            batch.drop_column("has_conflict")
    _convert_proposals(_to_trace, is_old=True)


def downgrade():
    _convert_proposals(_from_trace, is_old=False)
    for table, policy_version in TABLES.items():
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("has_conflict", sa.Boolean(), nullable=True))
        op.execute(f"UPDATE {table} SET has_conflict = {CONFLICT_FROM_STATE}")
        with op.batch_alter_table(table) as batch:
            for name in _invariants(table, policy_version):
                batch.drop_constraint(op.f(name), type_="check")
            batch.drop_column("state")

"""FHIR R4 (4.0.1), read-only, after IHE mCSD (``/fhir``): the public register as
Practitioner resources with a qualification per registration, the register and the
accredited training providers as Organization resources, the register's code systems, and a
CapabilityStatement. JSON only; errors are OperationOutcome resources. docs/fhir.md says how
the register maps onto FHIR."""

from flask import Blueprint

bp = Blueprint("fhir", __name__, url_prefix="/fhir")

from register.fhir import views  # noqa: E402,F401

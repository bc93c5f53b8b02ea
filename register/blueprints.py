"""Every blueprint of the portal, in registration order. Add new ones here."""

from register.accounts import bp as accounts_bp
from register.api import bp as api_bp
from register.api import docs_bp as api_docs_bp
from register.applications import bp as apply_bp
from register.assessment import bp as assessment_bp
from register.certificates import bp as certificates_bp
from register.decisions import bp as decisions_bp
from register.fhir import bp as fhir_bp
from register.files import bp as files_bp
from register.four_eyes import bp as four_eyes_bp
from register.lookup import bp as lookup_bp
from register.main import bp as main_bp
from register.name_changes import bp as name_changes_bp
from register.programmes_admin import bp as programmes_admin_bp
from register.references import bp as references_bp
from register.registrations import bp as registrations_bp
from register.renewal import bp as renewal_bp
from register.review import bp as review_bp

BLUEPRINTS = [main_bp, accounts_bp]
BLUEPRINTS.append(assessment_bp)
BLUEPRINTS.extend([apply_bp, references_bp])
BLUEPRINTS.extend([review_bp, registrations_bp, programmes_admin_bp, name_changes_bp])
BLUEPRINTS.append(renewal_bp)
BLUEPRINTS.extend([lookup_bp, api_bp, certificates_bp, files_bp])
BLUEPRINTS.extend([api_docs_bp, fhir_bp, four_eyes_bp, decisions_bp])
from register.accreditation import bp as accreditation_bp  # noqa: E402
from register.accreditation import panel_bp as accreditation_panel_bp  # noqa: E402
from register.accreditation import programmes_bp  # noqa: E402
from register.accreditation import review_bp as accreditation_review_bp  # noqa: E402

BLUEPRINTS.extend(
    [accreditation_bp, accreditation_panel_bp, accreditation_review_bp, programmes_bp]
)

from register.admin import bp as admin_bp  # noqa: E402
from register.audit_log import bp as audit_log_bp  # noqa: E402

BLUEPRINTS.extend([admin_bp, audit_log_bp])

from register.objections import bp as objections_bp  # noqa: E402

BLUEPRINTS.append(objections_bp)

from register.credentials import bp as credentials_bp  # noqa: E402

BLUEPRINTS.append(credentials_bp)
from register.data_rights import bp as data_rights_bp  # noqa: E402

BLUEPRINTS.append(data_rights_bp)

from register.complaints import bp as complaints_bp  # noqa: E402

BLUEPRINTS.append(complaints_bp)

from register.organisations import bp as organisations_bp  # noqa: E402

BLUEPRINTS.append(organisations_bp)

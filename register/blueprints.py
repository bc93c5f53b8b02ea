"""Every blueprint of the portal, in registration order. Add new ones here."""

from register.accounts import bp as accounts_bp
from register.api import bp as api_bp
from register.applications import bp as apply_bp
from register.assessment import bp as assessment_bp
from register.certificates import bp as certificates_bp
from register.files import bp as files_bp
from register.lookup import bp as lookup_bp
from register.main import bp as main_bp
from register.programmes_admin import bp as programmes_admin_bp
from register.references import bp as references_bp
from register.registrations import bp as registrations_bp
from register.renewal import bp as renewal_bp
from register.review import bp as review_bp

BLUEPRINTS = [main_bp, accounts_bp]
BLUEPRINTS.append(assessment_bp)
BLUEPRINTS.extend([apply_bp, references_bp])
BLUEPRINTS.extend([review_bp, registrations_bp, programmes_admin_bp])
BLUEPRINTS.append(renewal_bp)
BLUEPRINTS.extend([lookup_bp, api_bp, certificates_bp, files_bp])
from register.accreditation import bp as accreditation_bp  # noqa: E402
from register.accreditation import panel_bp as accreditation_panel_bp  # noqa: E402
from register.accreditation import programmes_bp  # noqa: E402
from register.accreditation import review_bp as accreditation_review_bp  # noqa: E402

BLUEPRINTS.extend(
    [accreditation_bp, accreditation_panel_bp, accreditation_review_bp, programmes_bp]
)

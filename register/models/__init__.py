"""All models, imported here so that Alembic and ``db.create_all`` see every table.

Each feature keeps its models in a module of its own; add the import below.
"""

from register.models.accounts import Role, User  # noqa: F401
from register.models.accreditation import (  # noqa: F401
    AccreditationCondition,
    AccreditationRequest,
    AssessorAffiliation,
    ConditionAnswer,
    ConditionAnswerFile,
    CriterionAnswer,
    CriterionScore,
    PanelFinding,
    PanelMember,
    PlacementRating,
    PracticePlacement,
    ProviderContact,
    ProviderQuestion,
    RequestDocument,
    RequestEvent,
)
from register.models.applications import (  # noqa: F401
    Application,
    ApplicationMessage,
    ApplicationStatusChange,
    Evidence,
    GrowthReflection,
    PortfolioEntry,
    Reference,
    WorkExperience,
)
from register.models.assessments import (  # noqa: F401
    AssessorTraining,
    PortfolioAssessment,
    RubricScore,
)
from register.models.audit import AuditChainHead, AuditEvent  # noqa: F401
from register.models.base import Base  # noqa: F401
from register.models.complaints import (  # noqa: F401
    CaseFile,
    CaseNote,
    CaseRequest,
    CaseSequence,
    ComplaintCase,
    Measure,
)
from register.models.credentials import CredentialStatusEntry, CredentialStatusList  # noqa: F401
from register.models.decisions import ActionProposal, Decision  # noqa: F401
from register.models.files import StoredFile  # noqa: F401
from register.models.identity_checks import IdentityCheck  # noqa: F401
from register.models.mail import OutgoingEmail  # noqa: F401
from register.models.names import NameChangeRequest, RegistrationNameChange  # noqa: F401
from register.models.objections import DecisionNotice, Objection, ObjectionFile  # noqa: F401
from register.models.organisations import (  # noqa: F401
    ApiKey,
    ChangeAlert,
    LookupCount,
    Organisation,
    OrganisationMember,
    VerificationRecord,
    WatchEntry,
    WebhookAttempt,
    WebhookDelivery,
)
from register.models.periods import PeriodKind, RegistrationPeriod  # noqa: F401
from register.models.policies import PolicyVersion  # noqa: F401
from register.models.programmes import (  # noqa: F401
    Accreditation,
    Programme,
    TrainingProvider,
)
from register.models.registrations import (  # noqa: F401
    NumberSequence,
    Registration,
    RegistrationStatusChange,
)
from register.models.renewal import (  # noqa: F401
    LogConfirmation,
    LogEntry,
    RenewalReminder,
    RenewalRequest,
)
from register.models.retention import EvidenceDeletion  # noqa: F401
from register.models.review_drafts import ReviewDraft  # noqa: F401
from register.models.second_factor import RecoveryCode, SecondFactor  # noqa: F401
from register.models.sessions import UserSession  # noqa: F401

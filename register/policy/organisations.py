"""Schema of ``policies/organisations.yaml``: how long who-checked-me records and the
webhook log are kept, and how webhooks are retried."""

from __future__ import annotations

from pydantic import Field

from register.policy.common import Versioned


class OrganisationsPolicy(Versioned):
    """Retention of the records organisation accounts leave, and webhook retries; the
    register board sets them."""

    verification_record_days: int = Field(ge=1, le=3650)
    lookup_count_months: int = Field(ge=1, le=120)
    delivery_log_days: int = Field(ge=1, le=3650)
    webhook_max_attempts: int = Field(ge=1, le=20)
    webhook_retry_base_seconds: int = Field(ge=1, le=86400)
    signature_tolerance_seconds: int = Field(ge=30, le=3600)

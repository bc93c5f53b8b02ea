"""Every blueprint of the portal, in registration order. Add new ones here."""

from register.main import bp as main_bp

BLUEPRINTS = [main_bp]

"""The test harness's guarantees: every request of the test client runs in an application
context of its own (nothing in ``flask.g`` survives it), and what a test or the code under
test commits stays inside the test's transaction, invisible to other connections and gone
when the test ends."""

from flask import Blueprint, g
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.pool import NullPool

from register.access import public
from register.models.accounts import User
from tests import app_support


def test_each_request_starts_with_an_empty_g(make_app):
    app = make_app()
    bp = Blueprint("probe", __name__)

    @bp.get("/probe")
    @public
    def probe():
        seen = g.get("probe", "nothing")
        g.probe = "left over"
        return seen

    app.register_blueprint(bp)
    client = app.test_client()
    assert client.get("/probe").get_data(as_text=True) == "nothing"
    assert client.get("/probe").get_data(as_text=True) == "nothing"


def test_commits_land_in_the_test_transaction(client, db, make_user, database_url, _transaction):
    user = make_user(email="committed@example.nl")  # commits
    response = client.post("/login", data={"email": user.email, "password": "wrong!!"})
    assert response.status_code == 422  # the request read the committed user (wrong password)
    outer = _transaction.get_transaction()
    assert outer is not None and outer.is_active  # a commit only released a savepoint
    count = select(func.count()).select_from(User).where(User.email == "committed@example.nl")
    assert db.session.scalar(count) == 1
    if app_support.is_postgres(database_url):
        other = create_engine(database_url, poolclass=NullPool)
        with other.connect() as conn:
            assert conn.execute(count).scalar() == 0  # nothing reached the database
        other.dispose()


def test_the_test_connection_is_in_one_transaction_throughout(db, _transaction):
    before = _transaction.get_transaction()
    db.session.execute(text("SELECT 1"))
    db.session.commit()
    db.session.rollback()
    assert _transaction.get_transaction() is before and before.is_active

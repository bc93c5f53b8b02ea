"""Public lookup pages: search, a registration's public page, and bulk CSV verification.

All public (no login), rate limited per client address, and cacheable for a short time.
"""

from __future__ import annotations

from flask import (
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from register.access import PUBLIC, gate_blueprint
from register.certificates.tokens import check_token
from register.domain.numbers import NumberProblem, parse_number
from register.errors import MalformedRequest, act, on_refusal
from register.extensions import limiter
from register.i18n import current_language as _lang
from register.labels import label
from register.lookup import bp, bulk, services
from register.lookup.forms import BulkDownloadForm, BulkUploadForm, SearchForm
from register.lookup.public import public_view
from register.models.organisations import CheckChannel
from register.organisations import checks
from register.organisations.services import organisation_of
from register.pagination import requested_page
from register.policy import current_policies
from register.public_http import public_form
from register.readonly import public_read
from register.rule_display import show_date

gate_blueprint(bp, PUBLIC)
limiter.shared_limit(lambda: current_app.config["PUBLIC_RATE_LIMIT"], scope="lookup")(bp)
_bulk_limit = limiter.limit(lambda: current_app.config["BULK_RATE_LIMIT"], override_defaults=False)

NUMBER_MESSAGES = {
    NumberProblem.EMPTY: _l("Type a name or a registration number."),
    NumberProblem.MALFORMED: _l(
        "This is not a valid registration number. A registration number looks like %(example)s."
    ),
    NumberProblem.CHECK_DIGIT: _l(
        "This registration number is not valid: the last digit (the "
        "check digit) does not match. Probably a digit was typed wrong "
        "or two digits were swapped."
    ),
    services.SearchProblem.TOO_SHORT: _l("Type at least 2 letters of the name."),
}


@bp.after_request
def _cache_public(response: Response) -> Response:
    """Let proxies keep public answers briefly; never the answers to an upload."""
    if request.method == "GET" and response.status_code in (200, 404):
        seconds = current_app.config["PUBLIC_CACHE_SECONDS"]
        response.headers["Cache-Control"] = f"public, max-age={seconds}"
    return response


def _problem_message(problem) -> str:
    return str(NUMBER_MESSAGES[problem]) % {"example": bulk.example_number()}


@bp.get("/search")
@public_read
def search():
    """Search the register by name or number, with tier and status filters."""
    policies, lang = current_policies(), _lang()
    form = SearchForm(request.args)
    form.set_choices(policies, lang)
    result = None
    if request.args and form.validate():
        filters = {
            "tier": int(form.tier.data) if form.tier.data else None,
            "status": form.status.data or None,
        }
        result = services.search_registrations(form.q.data, **filters, page=requested_page())
        if result.problem is None and result.total and result.page > result.pages:
            # beyond the last page: show the last one
            result = services.search_registrations(form.q.data, **filters, page=result.pages)
        if result.problem is not None:
            form.q.errors = [_problem_message(result.problem)]
            result = None
        elif result.kind == "number" and result.items:
            return redirect(url_for(".registration", number=result.items[0].number))
    return render_template(
        "lookup/search.html",
        form=form,
        result=result,
        rows=_result_rows(result.items, policies, lang) if result else None,
        example=bulk.example_number(),
        checked=services.checked_at(),
        policies=policies,
        lang=lang,
        today=services.today(),
    )


#: per language: (the policies they were made from, the cells' texts made so far)
_KEPT_TEXTS: dict[str, tuple] = {}
#: at most this many texts kept per kind and language (a register's end dates span a few
#: thousand days)
KEPT_TEXTS = 4096


def _result_rows(items, policies, lang: str) -> list[dict]:
    """The result table's rows: the arguments of ``lookup/_result_row.html``'s macro, its
    texts ready. A date in Babel, a status badge's words and a tier's name cost more than
    the row, so each is made once per language (and loaded policies), not once per row."""
    kept = _KEPT_TEXTS.get(lang)
    if kept is None or kept[0] is not policies:
        kept = _KEPT_TEXTS[lang] = (policies, {"dates": {}, "tiers": {}, "statuses": {}})
    texts = kept[1]

    def text(kind: str, value) -> str:
        table = texts[kind]
        found = table.get(value)
        if found is None:
            found = _row_text(kind, value, policies, lang)
            if len(table) >= KEPT_TEXTS:
                table.clear()
            table[value] = found
        return found

    return [
        {
            "url": reg.url(),
            "name": reg.name,
            "number": reg.number,
            "tier": text("tiers", reg.tier),
            "status": reg.status.value,
            "status_text": text("statuses", reg.status),
            "valid_until": text("dates", reg.valid_until),
            "region": reg.work_region or "—",
        }
        for reg in items
    ]


def _row_text(kind: str, value, policies, lang: str) -> str:
    with force_locale(lang):
        if kind == "dates":
            return show_date(value)
        if kind == "tiers":
            return f"{value} – {policies.tiers.get(value).name.get(lang)}"
        return label(value)


@bp.get("/registrations/<path:number>")
@public_read
def registration(number: str):
    """The stable public page of one registration, with an optional certificate check."""
    parsed = parse_number(current_policies().registration.number, number)
    if not parsed.ok:
        return render_template(
            "lookup/not_found.html",
            number=number,
            message=_problem_message(parsed.problem),
            checked=services.checked_at(),
        ), 404
    if parsed.canonical != number:
        return redirect(url_for(".registration", number=parsed.canonical, **request.args), 301)
    reg = services.get_registration(parsed.canonical)
    if reg is None:
        return render_template(
            "lookup/not_found.html",
            number=parsed.canonical,
            message=None,
            checked=services.checked_at(),
        ), 404
    checks.count_anonymous(reg.id)
    token = request.args.get("c")
    certificate = check_token(token, reg.number) if token is not None else None
    return render_template(
        "lookup/registration.html",
        reg=reg,
        view=public_view(reg, current_policies(), services.today()),
        certificate=certificate,
        checked=services.checked_at(),
        policies=current_policies(),
        lang=_lang(),
        today=services.today(),
    )


@bp.get("/verify")
def bulk_form():
    """The bulk verification page: upload a CSV of registration numbers."""
    return render_template("lookup/bulk.html", form=BulkUploadForm())


@bp.post("/verify")
@_bulk_limit
@public_form
@public_read
def bulk_upload():
    """Check every number in the uploaded CSV and show the summary (nothing is stored)."""
    form = BulkUploadForm()
    act(form, lambda refusal: render_template("lookup/bulk.html", form=form))
    rows = bulk.read_upload(form.file.data)
    results = services.verify_numbers([row.value for row in rows])
    _record_bulk_check(results)
    pairs = list(zip(rows, results, strict=True))
    repeated = {id(rows[i]): line for i, line in bulk.duplicates(rows, results).items()}
    download = BulkDownloadForm(formdata=None, token=bulk.sign_rows(rows))
    return render_template(
        "lookup/bulk_results.html",
        rows=pairs,
        download=download,
        summary=bulk.summarise(pairs, current_policies(), services.today()),
        checked=services.checked_at(),
        policies=current_policies(),
        lang=_lang(),
        today=services.today(),
        outcome_text=bulk.outcome_text,
        duplicate_of=lambda row: repeated.get(id(row)),  # the line the number was first on
        duplicate_count=len(repeated),
        public_view=public_view,
        full_limit=200,
        max_rows_shown=1000,
    )


def _record_bulk_check(results) -> None:
    """A bulk check by a logged-in user of an organisation is recorded for the registrants
    (who checked me); an anonymous one is not."""
    organisation = organisation_of(current_user)
    if organisation is not None:
        found = [item.registration.id for item in results if item.registration is not None]
        checks.record(organisation.id, found, CheckChannel.BULK)


@bp.post("/verify/results.csv")
@_bulk_limit
@public_form
@public_read
def bulk_download():
    """Verify the same numbers again and send the results as a CSV file."""
    form = BulkDownloadForm()
    upload = BulkUploadForm(formdata=None)
    on_refusal(lambda refusal: render_template("lookup/bulk.html", form=upload), upload)
    rows = bulk.load_rows(form.token.data or "") if form.validate_on_submit() else None
    if rows is None:
        raise MalformedRequest(_l("The results have expired. Upload the file again."), "file")
    results = services.verify_numbers([row.value for row in rows])
    checked = services.checked_at()
    body = bulk.results_csv(rows, results, checked, current_policies(), _lang(), services.today())
    filename = f"verification-{checked.strftime('%Y%m%d-%H%M')}.csv"
    return Response(
        body,
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )

"""The live pages: a bridge point's page and what it posts (heartbeats, headcount,
questions), and the organiser's dashboard and what it posts (moderation, current topic).
Thin: the rules are in the models, the polled state in state.py, who may do what in
access.py.

The forms of the live pages post with fetch and get JSON back (they say so with
`Accept: application/json`); the same URLs also take a plain form post, so a browser
without JavaScript still works: it is sent back to the page.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_http_methods, require_POST, require_safe

from ..access import bridge_point_or_404, organiser_required
from ..after.attendance import REPORT_FORMATS
from ..broadcast import live_video_enabled
from ..models import AgendaItem, BridgePoint, Conference, HeadcountReport, Question
from . import state as live_state
from .forms import AgendaItemForm, HeadcountForm, ModerationForm, QuestionForm, new_client_key
from .limits import Refusal, question_refusal


def wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def invalid_input(request: HttpRequest, errors: dict) -> HttpResponse:
    """400 with what to fix: {"errors": {field: [messages]}} for fetch, plain text for a form post."""
    if wants_json(request):
        return JsonResponse({"ok": False, "errors": errors}, status=400)
    text = " ".join(message for messages in errors.values() for message in messages)
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def invalid_bridge_point_form(request: HttpRequest, point: BridgePoint, **form: forms.Form) -> HttpResponse:
    """400 for a bridge point page's form (`headcount_form=` or `question_form=`): the errors as
    JSON for fetch, the page again with the form's errors for a plain post."""
    if wants_json(request):
        return invalid_input(request, next(iter(form.values())).errors)
    return render_bridge_point(request, point, status=400, **form)


# Bridge point pages -----------------------------------------------------------------


@never_cache  # a revoked token must stop working at once, so no cache may keep the page
@ensure_csrf_cookie  # the page's forms and heartbeats post with fetch
@require_safe
def join(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The page a bridge point opens from its link or QR code: the live video, the topic
    being presented, documents, its headcount and questions, and the answers."""
    return render_bridge_point(request, bridge_point_or_404(slug, token))


def render_bridge_point(
    request: HttpRequest,
    point: BridgePoint,
    headcount_form: HeadcountForm | None = None,
    question_form: QuestionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    conference = point.conference
    state = live_state.bridge_point_state(point)
    if headcount_form is None:
        headcount_form = HeadcountForm(initial={"count": state["headcount"]["count"]} if state["headcount"] else None)
    context = {
        "conference": conference,
        "bridge_point": point,
        "state": state,
        "live_video": live_video_enabled(),
        "agenda": AgendaItem.objects.filter(conference=conference).order_by("sort_order", "pk"),
        "headcount_form": headcount_form,
        # A key of its own for the form posted without JavaScript: a double click stores once.
        "question_form": question_form or QuestionForm(initial={"client_key": new_client_key()}),
    }
    return render(request, "conferences/join.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def bridge_point_state(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The bridge point page's polled state, from the micro-cache (see state.py); a POST is
    also its heartbeat. nginx in production keeps the answer 2 s per URL, POST or GET
    (deploy/nginx/congtin-web.conf.template): the token is in the URL, so the URL is the key,
    and the point's heartbeat still arrives every 2 to 3 s while screens poll."""
    polled = live_state.polled_bridge_point_state(slug, token)
    response = HttpResponse(polled.body, content_type="application/json")
    if request.method == "POST":
        live_state.record_heartbeat(polled.bridge_point_id)
    else:
        response["X-Accel-Expires"] = str(live_state.STATE_CACHE_SECONDS)
    return response


@never_cache
@require_POST
def report_headcount(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    point = bridge_point_or_404(slug, token)
    form = HeadcountForm(request.POST)
    if not form.is_valid():
        return invalid_bridge_point_form(request, point, headcount_form=form)
    headcount = HeadcountReport.report(point, form.cleaned_data["count"])
    live_state.bridge_point_changed(point)
    if wants_json(request):
        return JsonResponse({"ok": True, "headcount": live_state.headcount_json(headcount)})
    return redirect(reverse("conferences:join", args=[slug, token]) + "#so-nguoi-du")


@never_cache
@require_POST
def ask_question(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A bridge point's question, waiting for moderation. Sent again (the same `client_key`
    after a network hiccup, the same text soon after) it is stored once; past the point's
    rate limit (limits.py) it is refused with 429 and nothing is stored."""
    point = bridge_point_or_404(slug, token)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return invalid_bridge_point_form(request, point, question_form=form)
    data = form.cleaned_data
    question, created = Question.repeated(point, data["text"], data["client_key"]), False
    if question is None:
        refusal = question_refusal(point)
        if refusal is not None:
            return too_many_questions(request, point, form, refusal)
        question, created = Question.ask(point, **data)
        live_state.bridge_point_changed(point)
    if wants_json(request):
        return JsonResponse(
            {"ok": True, "question": live_state.own_question_json(question)}, status=201 if created else 200
        )
    return redirect(reverse("conferences:join", args=[slug, token]) + "#cau-hoi")


def too_many_questions(request: HttpRequest, point: BridgePoint, form: QuestionForm, refusal: Refusal) -> HttpResponse:
    """429 with Retry-After: the message under the question box (the text stays in it), or as
    JSON with `retry_after` for the page's script, which keeps the question and sends it then."""
    form.add_error("text", refusal.message)
    if wants_json(request):
        body = {"ok": False, "errors": form.errors, "retry_after": refusal.retry_after}
        response: HttpResponse = JsonResponse(body, status=429)
    else:
        response = render_bridge_point(request, point, question_form=form, status=429)
    response["Retry-After"] = str(refusal.retry_after)
    return response


# Organiser pages --------------------------------------------------------------------


@never_cache
@ensure_csrf_cookie
@organiser_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """The organiser's live view: bridge point tiles, totals, question queue, current topic,
    and after the event the attendance report and the draft article."""
    conference = get_object_or_404(Conference, slug=slug)
    state = live_state.dashboard_state(conference)
    statuses = [
        (value, label, [q for q in state["questions"] if q["status"] == value])
        for value, label in Question.Status.choices
    ]
    context = {
        "conference": conference,
        "state": state,
        "question_lists": statuses,
        "agenda_form": AgendaItemForm(
            conference=conference, initial={"agenda_item": conference.current_agenda_item_id}
        ),
        "report_formats": sorted(REPORT_FORMATS),
    }
    return render(request, "conferences/dashboard.html", context)


@never_cache
@organiser_required
@require_GET
def dashboard_state(request: HttpRequest, slug: str) -> HttpResponse:
    """The dashboard's polled state: everything, or what changed since `?since=<cursor>`."""
    conference = get_object_or_404(Conference, slug=slug)
    return JsonResponse(live_state.dashboard_state(conference, since=request.GET.get("since")))


@never_cache
@organiser_required
@require_POST
def moderate_question(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Approve, answer or reject a question; an answer appears on every bridge point."""
    conference = get_object_or_404(Conference, slug=slug)
    question = get_object_or_404(
        Question.objects.select_related("bridge_point", "agenda_item"), pk=pk, bridge_point__conference=conference
    )
    form = ModerationForm(request.POST)
    if not form.is_valid():
        return invalid_input(request, form.errors)
    try:
        question.moderate(form.cleaned_data["action"], form.cleaned_data["answer"])
    except ValidationError as error:
        return invalid_input(request, error.message_dict)
    live_state.shared_state_changed(conference)
    if wants_json(request):
        return JsonResponse({"ok": True, "question": live_state.question_json(question)})
    return redirect(reverse("conferences:dashboard", args=[slug]) + f"#cau-hoi-{question.pk}")


@never_cache
@organiser_required
@require_POST
def set_agenda_item(request: HttpRequest, slug: str) -> HttpResponse:
    """Choose the topic every bridge point shows as being presented."""
    conference = get_object_or_404(Conference, slug=slug)
    form = AgendaItemForm(request.POST, conference=conference)
    if not form.is_valid():
        return invalid_input(request, form.errors)
    conference.set_current_agenda_item(form.cleaned_data["agenda_item"])
    live_state.shared_state_changed(conference)
    if wants_json(request):
        return JsonResponse({"ok": True, "current_agenda_item": conference.current_agenda_item_id})
    return redirect("conferences:dashboard", slug)

"""What the report says, once: the sections (see :mod:`cuelog.export.model`) that Markdown
and HTML only lay out. Every heading, table header and its explanation is written here and
nowhere else; the report's sentences (intro, footer, captions, keys, what an empty section
says) are in :mod:`cuelog.wording.report`."""

from __future__ import annotations

from datetime import date, timedelta

from cuelog.export.common import (
    OUTSIDE_MARK,
    QUIT_MARK,
    STATE_MARK,
    calendar_weeks,
    day,
    day_range,
    join_words,
    moment,
    num,
    short_day,
)
from cuelog.export.model import Cell, Document, Figure, Inline, Section, Span, Table, plain
from cuelog.text import (
    PHASE_EXPLAINED,
    PHASE_HEADERS,
    WEEKDAY_FULL,
    WEEKDAY_NAMES,
    day_words,
    end_sentence,
    entry_counts,
    phase_rows,
)
from cuelog.wording import counsel as talk
from cuelog.wording import plural
from cuelog.wording import report as say


def _bucket_label(bucket: str, hours: dict) -> str:
    return f"{bucket.capitalize()} {hours[bucket]}"


class _Notes:
    """Header explanations, each given once in the whole report."""

    def __init__(self) -> None:
        self.given: set[tuple[str, str]] = set()

    def __call__(self, explanations: dict[str, str]) -> tuple[Inline, ...]:
        out = []
        for header, text in explanations.items():
            if (header, text) not in self.given:
                self.given.add((header, text))
                out.append((Span(header, "strong"), Span(f": {text}")))
        return tuple(out)


def _cells(row: list, numeric_from: int = 1) -> tuple[Cell, ...]:
    return tuple(c if isinstance(c, Cell) else Cell(str(c), numeric=i >= numeric_from) for i, c in enumerate(row))


# -- the sections ---------------------------------------------------------------------------------
def title(report: dict) -> str:
    period, status = report["period"], report["status"]
    text = say.TITLE.format(start=day(period["start"]), end=day(period["end"]))
    goals = [g for g in report.get("goals") or [] if g["ended"] is None or g["ended"] > period["end"]]
    if goals and (len(goals) > 1 or goals[0]["substance"]):  # every goal with its substance and date
        return text + " (" + "; ".join(_goal_title(g) for g in goals) + ")"
    if status["quit_date"]:
        text += say.TITLE_QUIT_DATE.format(quit_date=day(status["quit_date"]))
    return text


def _goal_title(goal: dict) -> str:
    from cuelog.wording import goals as words

    limit = goal.get("limit")
    return words.report_goal(
        goal.get("substance_typed") or goal.get("substance") or words.UNNAMED,
        goal["type"],
        day(goal["quit_date"]) if goal.get("quit_date") else None,
        words.limit_text(limit["per_day"], limit["unit"], limit["days_per_week"]) if limit else None,
        day(goal["started"]),
    )


def _today(report: dict) -> date:
    return date.fromisoformat(report["generated_at"][:10])


def quit_line(report: dict) -> str:
    status = report["status"]
    if status["quit_date"] is None:
        return say.NO_QUIT_DATE
    attempts = report["attempts"]
    earlier = [day(a["quit_date"]) for a in attempts if a["quit_date"] != status["quit_date"]]
    line = say.QUIT_DATE.format(quit_date=day(status["quit_date"]))
    if status.get("substance"):
        line += f" ({status['substance']})"
    days = status["days_since_quit"]
    if days is not None and days >= 0:
        today = report["period"]["end"] == _today(report).isoformat()
        line += (say.QUIT_DAY_TODAY if today else say.QUIT_DAY_AT_END).format(days=days, week=status["week"])
    elif days is not None:
        line += say.QUIT_AFTER_PERIOD.format(days=plural(-days, "day"))
    line += "."
    if earlier:
        line += say.EARLIER_ATTEMPTS.format(attempts=len(attempts), earlier=", ".join(earlier))
    return line


_SAFETY_KIND = {"crisis": say.SAFETY_CRISIS, "overdose": say.SAFETY_OVERDOSE, "used": say.SAFETY_USED}


def _safety(report: dict) -> Section | None:
    """At the top: crisis and overdose mentions and check-ins with use, each with its date
    and the person's words (unless left out), and the daily safety question's answers."""
    safety = report.get("safety")
    if safety is None:  # a report from before the section
        return None
    items: list[Inline] = []
    for event in safety["events"]:
        label = Span(_SAFETY_KIND[event["kind"]], "strong")
        entry = say.SAFETY_ENTRY_NAMES.get(event["entry_kind"], "entry")
        where = say.SAFETY_IN.format(entry=entry) if event["kind"] != "used" else ""
        if event["words"]:
            said = say.SAFETY_WORDS.format(words=event["words"])
        elif event["kind"] == "used" and "notes" not in report["redacted"]:
            said = say.SAFETY_NO_WORDS
        else:
            said = say.SAFETY_WORDS_LEFT_OUT
        items.append((Span(f"{day(event['date'])}: "), label, Span(f" {where}: " if where else ": "), Span(said)))
    answers = safety.get("safety_item") or []
    if answers:
        text = say.SAFETY_ITEM.format(answers=say.SAFETY_ITEM_ANSWERS.format(days=plural(len(answers), "day")))
        above = [a for a in answers if a["score"] > 0]
        if above:
            shown = ", ".join(f"{short_day(a['date'])} {a['score']}/5" for a in above)
            text += say.SAFETY_ITEM_ABOVE_ZERO.format(days=plural(len(above), "day"), shown=shown)
        items.append(text)
    return Section(
        "safety",
        "Safety",
        intro=(say.SAFETY_INTRO,),
        items=tuple(items),
        empty=None if items else say.SAFETY_NONE,
    )


def _feelings(report: dict) -> Section | None:
    rows = report.get("checkin_feelings")
    if rows is None:
        return None
    items = tuple(
        say.FEELING.format(
            feeling=row["feeling"],
            days=plural(len(row["days"]), "day"),
            shown=", ".join(short_day(d) for d in row["days"][:8]) + (", …" if len(row["days"]) > 8 else ""),
        )
        for row in rows
    )
    return Section(
        "checkin-feelings",
        "How check-ins felt",
        intro=(say.FEELINGS_INTRO,) if items else (),
        items=items,
        empty=None if items else say.NO_FEELINGS,
    )


def _period(report: dict) -> Section:
    period = report["period"]
    running = period["end"] == _today(report).isoformat()
    span = plural(period["days"], "day") + (say.PERIOD_TO_TODAY if running else "")
    if period.get("journal_start") and period["start"] == period["journal_start"] and not period.get("note"):
        span += say.PERIOD_WHOLE_JOURNAL
    items: list[Inline] = [say.PERIOD.format(start=day(period["start"]), end=day(period["end"]), span=span)]
    if period.get("note"):
        items.append(end_sentence(period["note"]))
    whole = say.CHECKINS_SINCE_START if period.get("journal_start") == period["start"] else say.CHECKINS_IN_PERIOD
    items += [
        say.CHECKINS.format(
            checkins=period["days_with_checkin"],
            days=plural(period["days"], "day"),
            whole=whole,
            percent=period.get("completeness_percent", round(period["completeness"] * 100)),
        ),
        say.ENTRIES.format(counts=entry_counts(report["totals"])),
        quit_line(report),
    ]
    counts = period.get("days_without_use")
    if counts:
        items.append(without_use_line(counts))
    return Section("period", "Period and completeness", items=tuple(items))


def without_use_line(counts: dict) -> str:
    """Days without use, from check-ins (a day with a lapse counts as a day with use)."""
    since = (
        say.WITHOUT_USE_SINCE_QUIT if counts["from_quit_date"] else say.WITHOUT_USE_FROM.format(day=day(counts["from"]))
    )
    details = [say.WITHOUT_USE_WITH_USE.format(count=counts["with_use"])] if counts["with_use"] else []
    if counts["no_data"]:
        details.append(say.WITHOUT_USE_NO_DATA.format(count=counts["no_data"]))
    tail = f" ({', '.join(details)})" if details else ""
    return say.WITHOUT_USE.format(
        since=since, without_use=counts["without_use"], days=plural(counts["days"], "day"), tail=tail
    )


def _daily_peak(report: dict) -> Section:
    calendar = report["calendar"]
    rated = [c for c in calendar if c["peak"] is not None]
    used = [c["date"] for c in calendar if c["state"] == "used"]
    first, last = calendar[0]["date"], calendar[-1]["date"]
    if rated:
        low, high = min(c["peak"] for c in rated), max(c["peak"] for c in rated)
        text = say.DAILY_PEAK_RANGE.format(span=day_range(first, last, "to"), low=low, high=high)
        unrated = len(calendar) - len(rated)
        unrated_text = say.DAILY_PEAK_UNRATED_ONE if unrated == 1 else say.DAILY_PEAK_UNRATED
        text += unrated_text.format(days=plural(unrated, "day")) if unrated else "."
    else:
        text = say.DAILY_PEAK_NONE_RATED.format(span=day_range(first, last, "to"))
    if used:
        shown = [short_day(d) for d in used[:6]]
        more = say.DAILY_PEAK_USE_MORE if len(used) > 6 else ""
        text += say.DAILY_PEAK_USE.format(days=plural(len(used), "day"), shown=join_words(shown), more=more)
    quit_date = report["status"]["quit_date"]
    if quit_date and first <= quit_date <= last:
        text += say.DAILY_PEAK_QUIT_MARKED.format(quit_date=short_day(quit_date))
    elif quit_date and quit_date < first:
        text += say.DAILY_PEAK_QUIT_BEFORE.format(quit_date=day(quit_date))
    window = (report.get("extinction_burst") or {}).get("window")
    drawn = [
        say.DAILY_PEAK_KEY_SHADED if window and window["start"] <= last and window["end"] >= first else "",
        say.DAILY_PEAK_KEY_QUIT if quit_date and first <= quit_date <= last else "",
        say.DAILY_PEAK_KEY_USE if used else "",
    ]
    key = (say.DAILY_PEAK_KEY[0], *([" ".join(d for d in drawn if d)] if any(drawn) else []))
    figure = Figure("daily-peak", say.DAILY_PEAK_CAPTION, text, key)
    return Section("daily-peak", "Daily peak craving", figure=figure)


def _calendar(report: dict, notes: _Notes) -> Section:
    quit_date = report["status"]["quit_date"]
    rows = []
    for start, cells in calendar_weeks(report["calendar"]):  # ten years are 3,650 cells: kept lean
        row = [Cell(day_words(start, weekday=False))]
        for when, c in cells:
            name = day_words(when)
            if c is None:
                row.append(Cell(OUTSIDE_MARK, False, "outside", say.CALENDAR_OUTSIDE.format(day=name)))
                continue
            state, is_quit = c["state"], c["date"] == quit_date
            text = f"{STATE_MARK[state]} {QUIT_MARK}".strip() if is_quit else STATE_MARK[state]
            title = say.CALENDAR_DAY.format(
                day=name,
                state=state,
                amount=f", {c['amount']}" if c.get("amount") else "",
                quit=say.CALENDAR_QUIT_DAY if is_quit else "",
            )
            row.append(Cell(text, False, state, title, None, is_quit))
        rows.append(tuple(row))
    key = say.CALENDAR_KEY.format(outside=OUTSIDE_MARK, quit=QUIT_MARK)
    table = Table(
        ("Week of", *WEEKDAY_NAMES),
        tuple(rows),
        notes(
            {
                "Week of": "the Monday that starts the week",
            }
        ),
        kind="calendar",
    )
    used = [c for c in report["calendar"] if c.get("amount")]
    amounts = Section(
        "calendar-amounts",
        "What was used, on days with use",
        level=3,
        items=tuple(f"{day(c['date'])}: {c['amount']}" for c in used),
    )
    return Section("calendar", "Use calendar", intro=(key,), table=table, children=(amounts,) if used else ())


def _week_label(w: dict, today: date) -> str:
    label = day(w["week_start"])
    if w.get("in_progress"):
        return say.WEEK_IN_PROGRESS.format(week=label)
    if w.get("first_day") and w["first_day"] != w["week_start"]:
        return say.WEEK_FROM.format(week=label, day=short_day(w["first_day"]))
    last = date.fromisoformat(w["week_start"]) + timedelta(days=6)
    if w.get("last_day") and w["last_day"] != last.isoformat():
        return say.WEEK_TO.format(week=label, day=short_day(w["last_day"]))
    return label


def _weekly(report: dict, notes: _Notes) -> Section:
    today = _today(report)
    rows = tuple(
        _cells(
            [
                _week_label(w, today),
                w["cravings"],
                num(w["median_intensity"]),
                num(w["peak_intensity"]),
                w["lapses"],
            ]
        )
        for w in report["weekly"]
    )
    explain = {
        "Week of": "the Monday that starts the week",
        "Cravings": "cravings logged that week",
        "Median": "the middle craving intensity of the week, 0–10",
        "Peak": "the strongest craving of the week, 0–10",
        "Lapses": "lapses logged that week",
    }
    table = Table(("Week of", "Cravings", "Median", "Peak", "Lapses"), rows, notes(explain))
    return Section("weekly", "Craving trend by week", table=table)


def _spelled(value: str, spelled: dict) -> str:
    """A cue as first typed, only when that is a spelling of this very cue."""
    shown = spelled.get(value)
    return shown if isinstance(shown, str) and shown.lower() == value else value


def _cue(item: dict) -> str:
    return f"{item['dimension']}: {item.get('shown') or item['value']}"


def _cues(report: dict, notes: _Notes) -> Section:
    top_rows = tuple(
        _cells([_cue(i), i["count"], i["lapses"], num(i["mean_intensity"]), i["followed_by_lapse"]])
        for i in report["top_cues"]
    )
    top_headers = ("Cue", "Cravings and lapses", "Lapses", "Mean intensity", "Lapse within 24 h")
    top_explain = {
        "Cue": "the kind of cue and its value, as logged",
        "Cravings and lapses": "entries that carry the cue",
        "Lapses": "lapses that carry the cue",
        "Mean intensity": "the mean intensity, 0–10, of those entries that were rated",
        "Lapse within 24 h": "cravings with this cue that a lapse followed within 24 hours",
    }
    top = Section(
        "top-cues",
        "Top cues",
        level=3,
        table=Table(top_headers, top_rows, notes(top_explain)) if top_rows else None,
        empty=None if top_rows else say.NO_CUES,
    )
    lapse_rows = tuple(_cells([_cue(i), i["lapses"], i["followed_by_lapse"]]) for i in report["lapse_cues"])
    lapse_table = Table(
        ("Cue", "Lapses", "Lapse within 24 h"),
        lapse_rows,
        notes({k: top_explain[k] for k in ("Cue", "Lapses", "Lapse within 24 h")}),
    )
    followed = Section(
        "lapse-cues",
        "Cues most often followed by a lapse",
        level=3,
        table=lapse_table if lapse_rows else None,
        empty=None if lapse_rows else say.NO_LAPSE_CUES if report["totals"]["lapse"] else say.NO_LAPSE,
    )
    return Section("cues", "Cues", children=(top, followed))


def _heatmap(report: dict, notes: _Notes) -> Section:
    heat, hours = report["heatmap"], report.get("time_of_day_hours") or {}
    buckets = list(report["time_of_day"])
    hours = {b: hours.get(b, "") for b in buckets}
    total = sum(report["time_of_day"].values())
    rows = []
    for name, key in zip(WEEKDAY_NAMES, heat, strict=True):
        row = [Cell(name)]
        for b in buckets:
            row.append(Cell(str(heat[key][b]), numeric=True, value=heat[key][b], title=f"{name} {b}: {heat[key][b]}"))
        row.append(Cell(str(report["weekday"][key]), numeric=True, state="total", value=report["weekday"][key]))
        rows.append(tuple(row))
    rows.append(
        (
            Cell("All", state="total"),
            *[Cell(str(report["time_of_day"][b]), numeric=True, state="total") for b in buckets],
            Cell(str(total), numeric=True, state="total"),
        )
    )
    headers = ("", *[_bucket_label(b, hours) for b in buckets], "All")
    explain = {
        "Each cell": "cravings and lapses logged on that weekday in those hours, local time",
        "All": "the total of the row or the column",
    }
    table = Table(headers, tuple(rows), notes(explain), kind="heatmap")
    if not total:
        return Section("heatmap", "When cravings and lapses happen", empty=say.NO_CRAVINGS_OR_LAPSES)
    peak_day, peak_bucket = max(
        ((d, b) for d in heat for b in buckets), key=lambda k: (heat[k[0]][k[1]], -list(heat).index(k[0]))
    )
    busiest = max(report["weekday"], key=lambda d: report["weekday"][d])
    busiest_bucket = max(buckets, key=lambda b: report["time_of_day"][b])
    text = say.HEATMAP_TEXT.format(
        total=total,
        what=say.HEATMAP_ONE if total == 1 else say.HEATMAP_MANY,
        peak_weekday=WEEKDAY_FULL[list(heat).index(peak_day)],
        peak_bucket=peak_bucket,
        peak_hours=hours[peak_bucket],
        peak_count=heat[peak_day][peak_bucket],
        busiest_weekday=WEEKDAY_FULL[list(heat).index(busiest)],
        busiest_count=report["weekday"][busiest],
        busiest_bucket=busiest_bucket,
        busiest_hours=hours[busiest_bucket],
        busiest_bucket_count=report["time_of_day"][busiest_bucket],
    )
    figure = Figure("heatmap", say.HEATMAP_CAPTION, text, say.HEATMAP_KEY, table)
    return Section("heatmap", "When cravings and lapses happen", figure=figure)


def _coping(report: dict, notes: _Notes) -> Section:
    pending = report.get("pending", 0)
    cravings = report["totals"]["craving"] - pending
    later = (say.COPING_PENDING_ONE if pending == 1 else say.COPING_PENDING).format(pending=pending) if pending else ""
    intro = (
        say.COPING_PASSED.format(
            passed=report["cravings_passed_without_lapse"], cravings=plural(cravings, "craving"), later=later
        ),
    )
    recent = any(c.get("pending") for c in report["coping"])  # neither passed nor not: said apart
    rows = tuple(
        _cells([c["coping"], c["used"], c["passed_without_lapse"], *([c.get("pending", 0)] if recent else [])])
        for c in report["coping"]
    )
    explain = {
        "Coping": "what the person noted doing about a craving",
        "Used": "cravings where it was noted",
        "Passed without a lapse": "of those, cravings that no lapse followed within 24 hours",
    }
    headers: tuple[str, ...] = ("Coping", "Used", "Passed without a lapse")
    if recent:
        explain["Too recent to tell"] = "of those, cravings from the last 24 hours: too soon to count either way"
        headers += ("Too recent to tell",)
    table = Table(headers, rows, notes(explain)) if rows else None
    return Section("coping", "Coping", intro=intro, table=table, empty=None if rows else say.NO_COPING)


def _plans(report: dict) -> Section:
    items = []
    for plan in report["plans"]:
        cues = " + ".join(v for vs in plan["cues"].values() for v in vs)
        then = plan["then"] if plan["then"] is not None else say.PLAN_TEXT_LEFT_OUT
        shape = say.PLAN if cues else say.GENERAL_PLAN  # a plan with no cue fits any time
        items.append(shape.format(cues=cues, then=then.rstrip().rstrip("."), made=day(plan["created_at"][:10])))
    nudges = report.get("nudges")
    if nudges:  # cuelog nudge: how many were shown, and what was logged after them in the same slot
        from cuelog.wording.nudge import report_line

        items.append(report_line(nudges["shown"], nudges["craving_after"], nudges["lapse_after"]))
    return Section("plans", "If-then plans", items=tuple(items), empty=None if items else say.NO_PLANS)


def _support(report: dict) -> Section | None:
    people = report.get("support")
    if people is None:
        return None
    items = []
    for person in people:
        line = person["name"] or say.NO_NAME
        if person.get("phone"):
            line += f", {person['phone']}"
        if person.get("note"):
            line += f": {person['note']}"
        items.append(line)
    return Section("support", "Support people", items=tuple(items), empty=None if items else say.NO_SUPPORT)


def _safety_plan(report: dict) -> Section | None:
    """Only when the person asked for it (export --include safety-plan)."""
    from cuelog.wording.safetyplan import PLAN_NONE_SET, REPORT_HEADING, STEP_LABELS, TEXT_LEFT_OUT

    plan = report.get("safety_plan")
    if plan is None:
        return None
    items = []
    for key, values in [*plan["steps"].items(), ("reasons", plan["reasons"])]:
        if values:
            items.append(f"{STEP_LABELS[key]}: " + "; ".join(v if v is not None else TEXT_LEFT_OUT for v in values))
    return Section("safety-plan", REPORT_HEADING, items=tuple(items), empty=None if items else PLAN_NONE_SET)


def _lapses(report: dict) -> Section:
    children = []
    for lapse in report["lapses"]:
        heading = moment(lapse["at"])
        if lapse["intensity"] is not None:
            heading += say.LAPSE_CRAVING_BEFORE.format(intensity=lapse["intensity"])
        spelled = lapse.get("display") if isinstance(lapse.get("display"), dict) else {}
        cues = "; ".join(
            f"{dim}: {', '.join(_spelled(v, spelled) for v in values)}"
            for dim, values in lapse["cues"].items()
            if values
        )
        items: list[Inline] = [end_sentence(say.LAPSE_SITUATION.format(cues=cues or say.LAPSE_NO_CUES))]
        if lapse.get("coping"):
            items.append(end_sentence(say.LAPSE_COPING.format(coping=join_words(lapse["coping"]))))
        if lapse.get("amount"):
            items.append(end_sentence(say.LAPSE_AMOUNT.format(amount=lapse["amount"])))
        if lapse["note"]:
            items.append(say.LAPSE_NOTE.format(note=lapse["note"]))
        for qa in lapse["reflection"]:
            items.append((Span(qa["prompt"], "em"), Span(f" {qa['answer']}")))
        if not lapse["reflection"]:
            items.append(say.NO_REFLECTION_LEFT_OUT if "notes" in report["redacted"] else say.NO_REFLECTION_YET)
        children.append(Section(f"lapse-{lapse['id']}", heading, level=3, items=tuple(items)))
    return Section("lapses", "Lapses", children=tuple(children), empty=None if children else say.NO_LAPSE)


def window_sentence(report: dict) -> str:
    burst = report["extinction_burst"]
    window = burst["window"]
    if not window:
        return say.NO_WINDOW
    span = day_range(window["start"], window["end"])
    state = burst.get("state")
    today = _today(report)
    if state == "current":
        done = (today - date.fromisoformat(window["start"])).days + 1
        text = say.WINDOW_NOW.format(span=span, day=done)
    elif state == "future":
        wait = (date.fromisoformat(window["start"]) - today).days
        text = say.WINDOW_AHEAD.format(span=span, wait=plural(wait, "day"))
    else:
        text = say.WINDOW_PAST.format(span=span)
    if burst["comparison"]:
        return f"{text} {burst['comparison']}"
    if state != "future":
        text += say.WINDOW_TOO_LITTLE_DATA
    return text


def _window(report: dict, notes: _Notes) -> Section:
    rows = [_cells(row) for row in phase_rows(report["extinction_burst"]["phases"])]
    table = Table(PHASE_HEADERS, tuple(rows), notes(PHASE_EXPLAINED)) if rows else None
    return Section("weeks-2-4", "Weeks 2–4 after the quit date", intro=(window_sentence(report),), table=table)


# -- the first page and the conversation (issue 29) -----------------------------------------------
def _agenda(report: dict) -> Section | None:
    if "agenda" not in report:
        return None
    items = tuple(row["text"] if row.get("text") is not None else talk.AGENDA_LEFT_OUT for row in report["agenda"])
    return Section("agenda", talk.AGENDA_HEADING, items=items, empty=None if items else talk.AGENDA_EMPTY)


def _figure(value) -> str:
    return talk.NOT_ANSWERED if value is None else str(value)


def _since_last(report: dict, notes: _Notes) -> Section | None:
    shared = report.get("since_last")
    if not shared:
        return None
    name = talk.who(shared["name"])
    heading = talk.SINCE_LAST_HEADING.format(name=name)
    if shared.get("last_at") is None:
        return Section("since-last", heading, intro=(talk.SINCE_LAST_FIRST.format(name=name),))
    now, before = shared["now"], shared.get("before") or {}
    rows = tuple(
        _cells([label, _figure(now.get(key)), _figure(before.get(key))]) for key, label in talk.SINCE_LAST_ROWS.items()
    )
    since = talk.SINCE_LAST_NOW.format(day=short_day(shared["last_at"][:10]))
    explain = {since: talk.SINCE_LAST_SPAN.format(when=moment(shared["last_at"]))} | talk.SINCE_LAST_EXPLAINED
    before_from = shared.get("before_from")
    before_label = talk.SINCE_LAST_BEFORE
    if before_from:
        explain[before_label] = talk.SINCE_LAST_BEFORE_SPAN.format(
            start=moment(before_from), end=moment(shared["last_at"])
        )
    table = Table((talk.SINCE_LAST_WHAT, since, before_label), rows, notes(explain))
    intro = talk.SINCE_LAST_INTRO.format(name=name, when=moment(shared["last_at"]), days=plural(shared["days"], "day"))
    return Section("since-last", heading, intro=(intro,), table=table)


def _conversation(report: dict, notes: _Notes) -> Section | None:
    talk_parts = report.get("conversation")
    if not talk_parts:
        return None
    confidence = talk_parts["confidence"]
    rows = tuple(_cells([moment(c["at"]), c["confidence"]]) for c in confidence)
    conf = Section(
        "confidence",
        talk.CONFIDENCE_HEADING,
        level=3,
        table=Table(("Lapse", "Confidence"), rows, notes(talk.CONFIDENCE_EXPLAINED)) if rows else None,
        empty=None if rows else talk.CONFIDENCE_EMPTY,
    )
    surf = talk_parts["urge_surfing"]
    if surf["count"]:
        rated = ""
        if surf["with_ratings"]:
            median = "" if surf["median_drop"] is None else talk.URGE_MEDIAN.format(drop=num(surf["median_drop"]))
            rated = talk.URGE_RATED.format(rated=surf["with_ratings"], passed=surf["passed_peak"], median=median)
        text = talk.URGE_TEXT.format(cravings=plural(surf["count"], "craving"), rated=rated)
        urge = Section("urge-surfing", talk.URGE_HEADING, level=3, intro=(text,))
    else:
        urge = Section("urge-surfing", talk.URGE_HEADING, level=3, empty=talk.URGE_EMPTY)
    weeks = talk_parts["feelings_by_week"]
    week_rows = tuple(
        _cells(
            [
                day(w["week_start"]),
                w["checkins"],
                Cell(", ".join(f"{f['feeling']} ({f['count']})" for f in w["feelings"]) or talk.FEELINGS_NONE_NAMED),
            ]
        )
        for w in weeks
    )
    feelings = Section(
        "feelings",
        talk.FEELINGS_HEADING,
        level=3,
        table=Table(("Week of", "Check-ins", "Feelings"), week_rows, notes(talk.FEELINGS_EXPLAINED))
        if week_rows
        else None,
        empty=None if week_rows else talk.FEELINGS_EMPTY,
    )
    items: list[Inline] = []
    for plan in talk_parts["day_plans"]:
        text = plan["plan"] if plan["plan"] is not None else talk.DAY_PLAN_LEFT_OUT
        if not plan["logged"]:
            after = talk.DAY_PLAN_NOTHING_LOGGED
        else:
            checkins = ""
            if plan["checkins"]:
                checkins = talk.DAY_PLAN_CHECKINS.format(
                    checkins=plural(plan["checkins"], "check-in"), used=plan["checkins_with_use"]
                )
            after = talk.DAY_PLAN_AFTER.format(
                cravings=plural(plan["cravings"], "craving"),
                peak=talk.DAY_PLAN_PEAK.format(peak=plan["peak"]) if plan["peak"] is not None else "",
                lapses=plural(plan["lapses"], "lapse"),
                checkins=checkins,
            )
        items.append((Span(moment(plan["at"]) + ": ", "strong"), Span(f"{end_sentence(text)} {after}")))
    plans = Section(
        "day-plans", talk.DAY_PLANS_HEADING, level=3, items=tuple(items), empty=None if items else talk.DAY_PLANS_EMPTY
    )
    since = talk_parts.get("since")
    intro = (talk.CONVERSATION_SINCE.format(day=day(since[:10])),) if since else ()
    return Section("conversation", talk.CONVERSATION_HEADING, intro=intro, children=(conf, urge, feelings, plans))


def first_page(report: dict, notes: _Notes) -> list[Section | None]:
    """What the counsellor reads first, in this order: the person's agenda, what changed since the
    last report to them; the safety section follows them (``document``)."""
    return [_agenda(report), _since_last(report, notes)]


def _use_by_substance(report: dict) -> Section | None:
    """Timeline Followback per substance: each day with use, what and how much as typed,
    and for alcohol the day's units."""
    from cuelog.wording import goals as words

    calendar = report.get("use_by_substance") or {}
    if not calendar or (len(calendar) == 1 and not any(r["amounts"] for rows in calendar.values() for r in rows)):
        return None
    rows = []
    for substance, days in calendar.items():
        for row in days:
            amount = "; ".join(row["amounts"]) or words.USED
            units = words.units_text(row["units"]) if row["units"] is not None else ""
            rows.append((Cell(substance), Cell(day(row["date"])), Cell(amount), Cell(units, numeric=True)))
    return Section(
        "use-by-substance",
        words.USE_HEADING,
        intro=(words.USE_INTRO,),
        table=Table(words.USE_HEADERS, tuple(rows)),
    )


def document(report: dict) -> Document:
    notes = _Notes()
    body = [
        *first_page(report, notes),
        _safety(report),  # after the first page, before the detail
        _period(report),
        _conversation(report, notes),
        _daily_peak(report),
        _calendar(report, notes),
        _use_by_substance(report),
        _feelings(report),
        _weekly(report, notes),
        _cues(report, notes),
        _heatmap(report, notes),
        _coping(report, notes),
        _plans(report),
        _support(report),
        _safety_plan(report),
        _lapses(report),
        _window(report, notes),
    ]
    intro = (say.INTRO.format(generated=moment(report["generated_at"]), excluded=report["excluded"]),)
    footer = (say.FOOTER.format(excluded=report["excluded"]),)
    return Document(title(report), intro, tuple(s for s in body if s is not None), footer)


__all__ = ["Cell", "Document", "Figure", "Inline", "Section", "Span", "Table", "document", "plain", "sections"]


def sections(report: dict) -> list[Section]:
    """The report's sections, in order, as plain text."""
    return list(document(report).sections)

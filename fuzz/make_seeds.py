#!/usr/bin/env python3
"""Writes the seed corpus in fuzz/corpus/ (run from fuzz/: python3 make_seeds.py).

The form targets take urlencoded bodies as a browser posts them; `values` takes plain strings;
`visa_a_form` and `progression` take `arbitrary` input, so their seeds are byte strings laid out
the way `arbitrary` 1.x reads the adapter structs in the targets (integers little-endian, a bool
byte before each Option and each Vec element, enum variant = (u32 * variants) >> 32).
"""
import os
import struct
from urllib.parse import urlencode

os.chdir(os.path.dirname(os.path.abspath(__file__)))
for t in ("session_form", "triage_form", "visa_a_form", "values", "progression"):
    os.makedirs(f"corpus/{t}", exist_ok=True)

# ---- session_form: what the /today and edit forms post ----------------------------------
CSRF = "dGVzdC1jc3JmLXRva2VuLXRoYXQtaXMtbG9uZy1lbm91Z2g"


def session_body(rows, date="2026-11-24", notes="", sid="Zq3v9yQpXw2s"):
    f = [("csrf_token", CSRF), ("submission_id", sid), ("performed_on", date)]
    for r in rows:
        f += list(zip(["exercise", "set_side", "reps", "hold_seconds", "load", "rpe", "pain"], r))
    f.append(("notes", notes))
    return urlencode(f)


def hold(load, rpe, pain):
    return ("top-iso-hold", "right", "", "45", load, rpe, pain)


def tempo(load, rpe, pain):
    return ("tempo-calf-raise", "right", "8", "", load, rpe, pain)


SESSIONS = {
    # /today for an insertional runner with the gate locked: 5 holds + 4 tempo sets.
    "today_insertional_full.txt": session_body(
        [hold("10", "8", "2")] * 5 + [tempo("5", "7.5", "3")] * 4,
        notes="Felt fine, a bit stiff after the 3rd hold.",
    ),
    # Only the first row logged; untouched prefilled rows are skipped.
    "today_insertional_partial.txt": session_body(
        [hold("10", "8", "2")] + [hold("10", "", "")] * 4 + [tempo("5", "", "")] * 4
    ),
    # Gate open: hurdle jumps too, a decimal comma.
    "today_with_hurdles.txt": session_body(
        [hold("12.5", "7", "1")] * 5
        + [tempo("7,5", "7", "1")] * 4
        + [("hurdle-jumps", "right", "10", "", "", "8", "2")] * 4
    ),
    # Mid-portion plan, both sides.
    "today_midportion_both.txt": session_body(
        [("mid-iso-hold", s, "", "45", "25", "8", "2") for s in ("left", "right") for _ in range(5)]
        + [("single-leg-calf-raise", s, "8", "", "45", "8.5", "3") for s in ("left", "right") for _ in range(4)],
        notes="Both sides <b>sore</b> & tired",
    ),
    # A rejected form: half-filled and tampered rows, a future date, no submission id.
    "rejected_tampered.txt": session_body(
        [("top-iso-hold", "middle", "8", "", "-1", "11", "x"), ("no-such", "left", "", "", "", "", "1")],
        date="2099-01-01",
        sid="",
    ),
    # The edit form (no submission id).
    "edit_session.txt": session_body([tempo("0", "9.5", "6")], sid="", notes="edited"),
}
# Regression: more logged rows than a form may hold must be refused, not cut to 200.
rows = [("performed_on", "2026-11-24"), ("submission_id", "x")]
for _ in range(201):
    rows += [("exercise", "tempo-calf-raise"), ("set_side", "right"), ("reps", "8"), ("pain", "1")]
SESSIONS["regression_201_rows.txt"] = urlencode(rows)
for name, body in SESSIONS.items():
    with open(f"corpus/session_form/{name}", "w") as f:
        f.write(body)

# ---- triage_form ------------------------------------------------------------------------
TRIAGES = {
    "insertional.txt": [("side", "right"), ("location", "insertion"), ("worse_after_speed", "on"), ("worse_with_hills", "on")],
    "midportion.txt": [("side", "left"), ("location", "midportion"), ("worse_in_morning", "on"), ("thick_or_swollen", "on"), ("pinch_tender", "on"), ("better_with_raises", "on")],
    "unsure_mixed_signs.txt": [("side", "both"), ("location", "unsure"), ("worse_after_speed", "on"), ("tender_at_insertion", "on"), ("worse_bottom_pedal_stroke", "on"), ("worse_in_morning", "on")],
    "urgent_flag.txt": [("side", "right"), ("location", "both"), ("sudden_pop", "on"), ("night_or_rest_pain", "on"), ("fluoroquinolone", "on")],
    "caution_flags.txt": [("side", "left"), ("location", "insertion"), ("raises_stopped_helping", "on"), ("numbness_tingling", "on"), ("steroids", "on"), ("calf_swollen_red_warm", "on"), ("cannot_single_leg_raise", "on")],
    "tampered.txt": [("side", "up"), ("location", ""), ("worse_after_speed", "yes"), ("unknown", "on")],
}
for name, pairs in TRIAGES.items():
    with open(f"corpus/triage_form/{name}", "w") as f:
        f.write(urlencode([("csrf_token", CSRF)] + pairs))

# ---- values -----------------------------------------------------------------------------
VALUES = ["7", "7.5", "7,5", " 10 ", "0", "-0", "100", "101", "600", "45", "22.5", "1102.31",
          "500", "1e2", "inf", "NaN", "2026-11-25", "2000-01-01", "2026-2-30", "+5", "0.125",
          "left", "both", "midportion", "lb", "25", "35", "1440"]
for i, v in enumerate(VALUES):
    with open(f"corpus/values/v{i:02}.txt", "w") as f:
        f.write(v)


# ---- arbitrary encoders -----------------------------------------------------------------
def u8(v): return bytes([v & 0xFF])
def u16(v): return struct.pack("<H", v)
def i16(v): return struct.pack("<h", v)
def b(v): return u8(1 if v else 0)
def opt(v, enc): return b(False) if v is None else b(True) + enc(v)
def vec(items): return b"".join(b(True) + x for x in items) + b(False)


# ---- visa_a_form: Form { q: [Field; 7], q8_pattern: Field, q8_minutes: Field } ----------
CHOICES = ["A", "B", "C", "a", "c", "0", "1-10", "11-20", "21-30", "31+", "", " ", "31 +"]
def num(n, padded=False): return struct.pack("<I", 0) + i16(n) + b(padded)
def choice(s): return struct.pack("<I", 0x60000000) + u8(CHOICES.index(s))
def visa(q, pattern, minutes, padded=False):
    return b"".join(num(x, padded) for x in q) + choice(pattern) + choice(minutes)


VISAS = {
    "healthy_100.bin": visa([10] * 7, "A", "31+"),
    "typical_start_52.bin": visa([6, 5, 7, 6, 4, 5, 4], "B", "11-20"),
    "worst_0.bin": visa([0] * 7, "C", "0"),
    "q7_not_offered.bin": visa([8, 8, 8, 8, 8, 8, 5], "A", "21-30"),
    "out_of_range.bin": visa([11, -1, 10, 10, 10, 10, 10], "c", "1-10"),
    "padded.bin": visa([9, 8, 7, 6, 5, 4, 7], "a", "31 +", padded=True),
}
for name, data in VISAS.items():
    with open(f"corpus/visa_a_form/{name}", "wb") as f:
        f.write(data)


# ---- progression: FuzzHistory (see fuzz_targets/progression.rs) --------------------------
def fset(slug, right, reps=None, hold=None, load_kg=None, rpe=None, pain=0):
    return (u8(slug) + b(right) + opt(reps, u8)
            + opt(None if hold is None else hold - 1, u16)
            + opt(None if load_kg is None else int(load_kg * 2), u16)
            + opt(None if rpe is None else int(rpe * 2) - 2, u8) + u8(pain))
def session(day, sets): return u8(day) + vec(sets)
def checkin(day, pain, stiff=5, pk=False): return u8(day) + u8(pain) + u16(stiff) + b(pk)
def test(day, right, reps): return u8(day) + b(right) + u8(reps)
def history(injured, threshold, plan, lb, today, sessions, checkins, tests):
    # injured: 0 left, 1 right, 2 both; days are offsets from 1 Aug 2026 (0-119).
    return (u8(injured) + u8(threshold - 25) + opt(plan, b) + b(lb) + u8(today)
            + vec(sessions) + vec(checkins) + vec(tests))
def insertional(day, pain, rpe=7, load=10, right=True):
    return session(day, [fset(0, right, hold=45, load_kg=load, rpe=rpe, pain=pain)] * 5
                   + [fset(1, right, reps=8, load_kg=load / 2, rpe=rpe, pain=pain)] * 4)


CALM = list(range(70, 100, 2))
HISTORIES = {
    "empty.bin": history(1, 25, True, False, 100, [], [], []),
    "insertional_gate_open.bin": history(
        1, 25, True, False, 100,
        [insertional(d, 1) for d in CALM],
        [checkin(d, 1) for d in range(60, 101)],
        [test(72, True, 20), test(90, True, 27), test(90, False, 30)]),
    "insertional_newest_red.bin": history(
        1, 25, True, False, 100,
        [insertional(d, 1) for d in CALM] + [insertional(99, 7, rpe=9.5)],
        [checkin(d, 1) for d in range(60, 100)] + [checkin(100, 4)],
        [test(90, True, 27)]),
    "both_sides_threshold_30_lb.bin": history(
        2, 30, False, True, 110,
        [session(d, [fset(3, s, hold=40, load_kg=20, rpe=8, pain=3) for s in (False, True)]
                 + [fset(4, s, reps=8, load_kg=20, rpe=7, pain=2) for s in (False, True)])
         for d in range(80, 110, 3)],
        [checkin(d, 2, pk=(d % 5 == 0)) for d in range(70, 111)],
        [test(100, False, 24), test(100, True, 33), test(105, True, 35)]),
    "rising_week_painkillers.bin": history(
        0, 28, None, False, 50,
        [insertional(d, 2, right=False) for d in range(30, 50, 2)],
        [checkin(d, 1 if d < 40 else 4, pk=(d in (41, 45))) for d in range(20, 51)],
        [test(35, False, 28), test(49, False, 29)]),
}
for name, data in HISTORIES.items():
    with open(f"corpus/progression/{name}", "wb") as f:
        f.write(data)

"""The validator lists every problem that must block publishing, and nothing else."""

from __future__ import annotations

import copy

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carevillage.navigator.validation import LEVELS, validate

from .graphs import LANGS, d, make_graph, q, sound_graph


def codes(graph) -> set[str]:
    return {problem.code for problem in validate(graph)}


def test_a_sound_graph_has_no_problems():
    assert validate(sound_graph()) == []


def test_unreachable_node_is_reported_by_name():
    graph = sound_graph()
    graph["nodes"]["orphan"] = d("urgent")
    problems = validate(graph)
    assert [(p.code, p.node) for p in problems] == [("unreachable", "orphan")]


def test_an_answer_leading_nowhere_is_an_unhandled_answer():
    graph = sound_graph()
    graph["nodes"]["pain"]["answers"][1]["next"] = "missing"
    problems = validate(graph)
    assert ("unhandled_answer", "pain") in {(p.code, p.node) for p in problems}
    assert "“no”" in str(problems[0])


def test_a_question_without_answers_is_a_dead_end():
    graph = sound_graph()
    graph["nodes"]["pain"]["answers"] = []
    assert "dead_end" in codes(graph)


def test_a_cycle_is_reported():
    graph = sound_graph()
    graph["nodes"]["pain"]["answers"][1]["next"] = "danger"
    assert "cycle" in codes(graph)


def test_a_red_flag_question_after_an_ordinary_one_is_reported():
    graph = make_graph(
        "pain",
        {
            "pain": q({"yes": "danger", "no": "home"}),
            "danger": q({"yes": "er", "no": "home"}, red_flag=True),
            "er": d("emergency"),
            "home": d("self_care"),
        },
    )
    problems = validate(graph)
    assert [(p.code, p.node) for p in problems] == [("red_flag_order", "danger")]


def test_age_asked_after_a_symptom_question_is_reported():
    graph = sound_graph()
    graph["start"] = "danger"
    graph["nodes"]["pain"]["answers"][0]["next"] = "age"
    graph["nodes"]["age"]["answers"] = [
        {"value": "child", "label": graph["nodes"]["age"]["answers"][0]["label"], "next": "gp"}
    ]
    assert "demographic_order" in codes(graph)


def test_a_missing_disposition_text_is_reported_per_language():
    graph = sound_graph()
    del graph["nodes"]["gp"]["text"]["fi"]
    problems = validate(graph)
    assert [(p.code, p.node) for p in problems] == [("missing_text", "gp")]
    assert "“fi”" in problems[0].message


def test_a_red_flag_without_a_direct_emergency_answer_is_reported():
    graph = sound_graph()
    graph["nodes"]["danger"]["answers"][0]["next"] = "gp"
    # ("er" is now unreachable, too.)
    assert codes(graph) == {"red_flag_without_emergency", "unreachable"}


def test_a_sex_question_must_handle_both_values():
    graph = sound_graph()
    graph["nodes"]["age"] = q({"female": "danger"}, kind="sex")
    assert codes(graph) == {"unhandled_answer"}


def test_every_problem_is_listed_at_once():
    graph = sound_graph()
    graph["nodes"]["orphan"] = d("urgent")
    del graph["nodes"]["home"]["text"]["en"]
    graph["nodes"]["pain"]["answers"][0]["next"] = "nowhere"
    assert codes(graph) == {"unreachable", "missing_text", "unhandled_answer"}


def test_garbage_is_refused_with_a_problem_not_an_exception():
    assert codes("not a graph") == {"malformed"}
    assert "malformed" in codes({"nodes": {"a": 5}, "start": "a", "languages": ["en"]})


# --- property-based: the validator accepts exactly the sound graphs --------------------
#
# The oracle below is written independently of validation.py: it enumerates every path
# from the start explicitly (the validator reasons about edges and colours) and checks
# each path as a whole.


def oracle_problems(graph: dict) -> set[str]:
    """The kinds of problem a graph has, found by brute force over all paths."""
    nodes, langs = graph["nodes"], graph["languages"]
    found: set[str] = set()
    # Per-node problems count wherever the node is, reachable or not.
    for node in nodes.values():
        if any(not node["text"].get(lang) for lang in langs):
            found.add("missing_text")
        if node["type"] == "question" and not node["answers"]:
            found.add("dead_end")
        for a in node.get("answers", []):
            if any(not a["label"].get(lang) for lang in langs):
                found.add("missing_text")
            if a["next"] not in nodes:
                found.add("unhandled_answer")
        if node["type"] == "question" and node["red_flag"]:
            if not any(
                a["next"] in nodes
                and nodes[a["next"]]["type"] == "disposition"
                and nodes[a["next"]]["level"] == "emergency"
                for a in node["answers"]
            ):
                found.add("red_flag_without_emergency")
    if graph["start"] not in nodes:
        return found | {"unknown_start"}
    seen: set[str] = set()

    def explore(path: list[str]) -> None:
        here = path[-1]
        seen.add(here)
        node = nodes[here]
        if node["type"] == "disposition":
            return
        for a in node["answers"]:
            if a["next"] in path:
                found.add("cycle")
            elif a["next"] in nodes:
                explore([*path, a["next"]])

    explore([graph["start"]])
    if set(nodes) - seen:
        found.add("unreachable")

    # Order: question B is asked after question A on some walk exactly when A is reachable
    # from the start and B is reachable from A in one or more steps.
    def after(node_id: str) -> set[str]:
        out: set[str] = set()
        todo = [a["next"] for a in nodes[node_id].get("answers", []) if a["next"] in nodes]
        while todo:
            n = todo.pop()
            if n not in out:
                out.add(n)
                todo.extend(a["next"] for a in nodes[n].get("answers", []) if a["next"] in nodes)
        return out

    def order(node: dict) -> int:
        if node.get("kind") != "symptom":
            return 0
        return 1 if node["red_flag"] else 2

    questions = [n for n in seen if nodes[n]["type"] == "question"]
    for earlier in questions:
        for later in after(earlier):
            if nodes[later]["type"] == "question" and order(nodes[later]) < order(nodes[earlier]):
                found.add("demographic_order" if order(nodes[later]) == 0 else "red_flag_order")
    return found


@st.composite
def random_graphs(draw) -> dict:
    size = draw(st.integers(min_value=1, max_value=7))
    ids = [f"n{i}" for i in range(size)]
    targets = st.sampled_from([*ids, "missing"])
    nodes = {}
    for node_id in ids:
        texts = {lang: draw(st.sampled_from(["text", ""])) for lang in LANGS}
        if draw(st.booleans()):
            nodes[node_id] = {
                "type": "disposition",
                "level": draw(st.sampled_from(LEVELS)),
                "text": texts,
                "service": "health_centre",
                "self_care_link": "/x/",
            }
        else:
            count = draw(st.integers(min_value=0, max_value=3))
            kind = draw(st.sampled_from(["symptom", "symptom", "age_band"]))
            nodes[node_id] = {
                "type": "question",
                "kind": kind,
                "red_flag": kind == "symptom" and draw(st.booleans()),
                "text": texts,
                "answers": [
                    {
                        "value": f"a{i}",
                        "label": {
                            lang: draw(st.sampled_from(["label", "label", ""])) for lang in LANGS
                        },
                        "next": draw(targets),
                    }
                    for i in range(count)
                ],
            }
    graph = make_graph(draw(st.sampled_from([*ids, "nope"])), nodes)
    graph["title"] = {"en": "T", "fi": "T"}
    graph["intro"] = {"en": "I", "fi": "I"}
    return graph


@st.composite
def nearly_sound_graphs(draw) -> dict:
    """Acyclic by construction, ordered, fully translated; then perhaps one random flaw.

    Purely random graphs are almost never sound, so this half of the search space makes
    sure "accepts the sound ones" is exercised as hard as "rejects the rest".
    """
    count = draw(st.integers(min_value=1, max_value=6))
    ranks = sorted(draw(st.lists(st.integers(0, 2), min_size=count, max_size=count)))
    ids = [f"q{i}" for i in range(count)]
    nodes: dict = {
        "er": d("emergency", "emergency"),
        "gp": d("soon"),
        "home": d("self_care"),
    }
    for i, (node_id, rank) in enumerate(zip(ids, ranks, strict=True)):
        later = [*ids[i + 1 :], "gp", "home"]
        answers = {}
        if rank == 1:
            answers["a0"] = "er"
        # Chain to the next question so every question is reachable.
        answers["a1"] = ids[i + 1] if i + 1 < count else "home"
        if draw(st.booleans()):
            answers["a2"] = draw(st.sampled_from(later))
        nodes[node_id] = q(answers, red_flag=rank == 1, kind="age_band" if rank == 0 else "symptom")
    last = nodes[ids[-1]]["answers"]
    last.append({"value": "a8", "label": {"en": "a8", "fi": "a8"}, "next": "gp"})
    if not any(rank == 1 for rank in ranks):
        last.append({"value": "a9", "label": {"en": "a9", "fi": "a9"}, "next": "er"})
    graph = make_graph(ids[0], nodes)
    flaw = draw(st.sampled_from(["none", "none", "none", "back_edge", "untranslated", "cut"]))
    target = draw(st.sampled_from(ids))
    if flaw == "back_edge":
        nodes[target]["answers"][-1]["next"] = draw(st.sampled_from(ids))
    elif flaw == "untranslated":
        nodes[target]["text"]["fi"] = ""
    elif flaw == "cut":
        nodes[target]["answers"][-1]["next"] = "gone"
    return graph


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(random_graphs(), nearly_sound_graphs()))
def test_validator_accepts_exactly_the_sound_graphs(graph):
    expected = oracle_problems(graph)
    assert (validate(graph) == []) == (expected == set())
    assert codes(graph) == expected


@settings(max_examples=200, deadline=None)
@given(random_graphs())
def test_validator_never_changes_the_graph(graph):
    before = copy.deepcopy(graph)
    validate(graph)
    assert graph == before

"""Plain forms for building a navigator graph without writing JSON.

The forms hold the same data as the JSON format described in `validation.py`:
navigator-level fields, questions, their answers (one flat list, each answer names its
question) and dispositions. `forms_from_graph` fills them from a draft's graph and
`graph_from_forms` rebuilds the graph; the validator then judges the result, exactly as
it judges a graph written as JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .validation import LEVELS

KIND_CHOICES = [
    ("symptom", _("Normal question")),
    ("age_band", _("Age band")),
    ("sex", _("Sex")),
]
LEVEL_CHOICES = [
    ("", "---------"),
    *zip(
        LEVELS,
        [_("Emergency"), _("Urgent"), _("Soon"), _("Self-care")],
        strict=True,
    ),
]
NODE_ID_HELP = _("Letters, digits, - and _ only; other nodes refer to it by this id.")


def _language_codes() -> list[str]:
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def _add_text_fields(form: forms.Form, name: str, label: Any, *, textarea: bool) -> None:
    """One optional text field per content language (nynorsk reads bokmål): `<name>_<code>`."""
    for code, language in settings.WAGTAIL_CONTENT_LANGUAGES:
        widget = forms.Textarea(attrs={"rows": 2}) if textarea else forms.TextInput
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({language})", required=False, widget=widget
        )


def _texts(data: Mapping[str, Any], name: str) -> dict[str, str]:
    return {
        code: data[f"{name}_{code}"].strip()
        for code in _language_codes()
        if data.get(f"{name}_{code}", "").strip()
    }


def _text_initial(texts: Any, name: str) -> dict[str, str]:
    if not isinstance(texts, Mapping):
        return {}
    return {f"{name}_{code}": str(texts.get(code, "")) for code in _language_codes()}


class NavigatorFieldsForm(forms.Form):
    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        choices=settings.WAGTAIL_CONTENT_LANGUAGES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Every text must be written in each language ticked here."),
    )
    start = forms.CharField(
        label=_("Start node"), required=False, help_text=_("The id of the first question.")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_text_fields(self, "title", _("Title"), textarea=False)
        _add_text_fields(self, "intro", _("Intro"), textarea=True)


class QuestionForm(forms.Form):
    id = forms.SlugField(label=_("Question id"), help_text=NODE_ID_HELP)
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES, initial="symptom")
    red_flag = forms.BooleanField(
        label=_("Red flag"),
        required=False,
        help_text=_("A red-flag question is asked before every other symptom question."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_text_fields(self, "text", _("Question"), textarea=False)


class AnswerForm(forms.Form):
    question = forms.SlugField(label=_("Answer to question (id)"))
    value = forms.SlugField(label=_("Value"), help_text=_("For example yes, no, child, adult."))
    next = forms.SlugField(label=_("Next node (id)"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_text_fields(self, "label", _("Label"), textarea=False)


class DispositionForm(forms.Form):
    id = forms.SlugField(label=_("Disposition id"), help_text=NODE_ID_HELP)
    level = forms.ChoiceField(label=_("Level"), choices=LEVEL_CHOICES)
    service = forms.CharField(
        label=_("Service code"), required=False, help_text=_("For example health_centre.")
    )
    self_care_link = forms.CharField(
        label=_("Self-care link"),
        required=False,
        help_text=_("Needed for self-care: the page with self-care advice."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _add_text_fields(self, "text", _("Text"), textarea=True)


class _UniqueIdFormSet(forms.BaseFormSet):
    """Node ids are dictionary keys in the graph: a repeated id would silently drop a node."""

    def clean(self) -> None:
        super().clean()
        seen: set[str] = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data"):
                continue
            # (_should_delete_form is Django's own; the stubs leave it out.)
            if self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            node_id = form.cleaned_data.get("id")
            if node_id and node_id in seen:
                raise forms.ValidationError(_("The id “%(id)s” is used twice.") % {"id": node_id})
            if node_id:
                seen.add(node_id)


QuestionFormSet = forms.formset_factory(
    QuestionForm, formset=_UniqueIdFormSet, extra=2, can_delete=True
)
AnswerFormSet = forms.formset_factory(AnswerForm, extra=4, can_delete=True)
DispositionFormSet = forms.formset_factory(
    DispositionForm, formset=_UniqueIdFormSet, extra=2, can_delete=True
)


def forms_initial(graph: Any) -> dict[str, Any]:
    """The initial data of each form and formset, read from a graph (malformed parts skipped)."""
    graph = graph if isinstance(graph, Mapping) else {}
    navigator = {
        "languages": [lang for lang in graph.get("languages") or [] if isinstance(lang, str)],
        "start": graph.get("start") or "",
        **_text_initial(graph.get("title"), "title"),
        **_text_initial(graph.get("intro"), "intro"),
    }
    questions, answers, dispositions = [], [], []
    nodes = graph.get("nodes")
    for node_id, node in nodes.items() if isinstance(nodes, Mapping) else []:
        if not isinstance(node, Mapping):
            continue
        if node.get("type") == "question":
            questions.append(
                {
                    "id": node_id,
                    "kind": node.get("kind") or "symptom",
                    "red_flag": bool(node.get("red_flag")),
                    **_text_initial(node.get("text"), "text"),
                }
            )
            for answer in node.get("answers") or []:
                if isinstance(answer, Mapping):
                    answers.append(
                        {
                            "question": node_id,
                            "value": answer.get("value") or "",
                            "next": answer.get("next") or "",
                            **_text_initial(answer.get("label"), "label"),
                        }
                    )
        elif node.get("type") == "disposition":
            dispositions.append(
                {
                    "id": node_id,
                    "level": node.get("level") or "",
                    "service": node.get("service") or "",
                    "self_care_link": node.get("self_care_link") or "",
                    **_text_initial(node.get("text"), "text"),
                }
            )
    return {
        "navigator": navigator,
        "questions": questions,
        "answers": answers,
        "dispositions": dispositions,
    }


def _kept(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    """Cleaned rows, without blank extra rows and rows ticked for deletion."""
    return [
        form.cleaned_data
        for form in formset.forms
        if form.cleaned_data and not formset._should_delete_form(form)  # type: ignore[attr-defined]  # not in the stubs
    ]


def graph_from_forms(
    navigator: NavigatorFieldsForm,
    questions: forms.BaseFormSet,
    answers: forms.BaseFormSet,
    dispositions: forms.BaseFormSet,
) -> dict[str, Any]:
    """The graph the valid forms describe, in the JSON format of `validation.py`."""
    data = navigator.cleaned_data
    nodes: dict[str, Any] = {}
    for question in _kept(questions):
        nodes[question["id"]] = {
            "type": "question",
            "kind": question["kind"],
            "red_flag": question["red_flag"],
            "text": _texts(question, "text"),
            "answers": [],
        }
    for answer in _kept(answers):
        # An answer to an unknown question id becomes a question without text, so the
        # validator names it instead of the answer silently disappearing.
        node = nodes.setdefault(
            answer["question"],
            {"type": "question", "kind": "symptom", "red_flag": False, "text": {}, "answers": []},
        )
        node["answers"].append(
            {"value": answer["value"], "label": _texts(answer, "label"), "next": answer["next"]}
        )
    for disposition in _kept(dispositions):
        node = {
            "type": "disposition",
            "level": disposition["level"],
            "text": _texts(disposition, "text"),
            "service": disposition["service"].strip(),
        }
        if disposition["self_care_link"].strip():
            node["self_care_link"] = disposition["self_care_link"].strip()
        nodes[disposition["id"]] = node
    return {
        "languages": data["languages"],
        "title": _texts(data, "title"),
        "intro": _texts(data, "intro"),
        "start": data["start"].strip(),
        "nodes": nodes,
    }

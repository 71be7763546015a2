"""Recording a reading: plausibility per type, unit conversion, the same reading twice,
nothing saved on an error, the audit event of every write."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.translation import override

from carevillage.audit.models import AuditEvent, Outcome
from carevillage.monitoring.errors import MonitoringError
from carevillage.monitoring.models import Measurement, MeasurementType
from carevillage.monitoring.services import record_measurement
from carevillage.testing.factories import make_person

pytestmark = pytest.mark.django_db


def _type(code: str) -> MeasurementType:
    return MeasurementType.objects.prefetch_related("components").get(code=code)


def _record(person, code: str, values: dict, **extra):
    return record_measurement(
        actor=person.user, person=person, kind=_type(code), values=values, **extra
    )


def test_every_seeded_type_has_a_loinc_code_a_unit_and_names_in_five_languages():
    codes = set(MeasurementType.objects.values_list("code", flat=True))
    assert {
        "blood-pressure",
        "weight",
        "blood-glucose",
        "spo2",
        "temperature",
        "peak-flow",
        "steps",
        "sleep",
        "pain",
    } <= codes
    for kind in MeasurementType.objects.prefetch_related("components"):
        assert kind.loinc_code
        assert set(kind.names) == {"fi", "sv", "nb", "nn", "en"}
        for component in kind.components.all():
            assert component.unit and component.loinc_code
            assert set(component.names) == {"fi", "sv", "nb", "nn", "en"}


@pytest.mark.parametrize(
    "code,values",
    [
        ("weight", {"weight": "1200"}),
        ("weight", {"weight": "1"}),
        ("blood-pressure", {"systolic": "400", "diastolic": "80"}),
        ("blood-pressure", {"systolic": "120", "diastolic": "10"}),
        ("blood-pressure", {"systolic": "120", "diastolic": "80", "pulse": "900"}),
        ("blood-glucose", {"blood-glucose": "60"}),
        ("spo2", {"spo2": "101"}),
        ("temperature", {"temperature": "52"}),
        ("peak-flow", {"peak-flow": "5000"}),
        ("steps", {"steps": "-5"}),
        ("sleep", {"sleep": "25"}),
        ("pain", {"pain": "11"}),
        ("weight", {"weight": "1e999999"}),
    ],
)
def test_an_impossible_value_of_each_type_is_refused_and_nothing_is_saved(code, values):
    person = make_person()
    with pytest.raises(MonitoringError) as refused:
        _record(person, code, values)
    assert refused.value.code == "implausible"
    assert not Measurement.objects.exists()


def test_1200_kg_gets_a_clear_error_in_finnish_and_in_english():
    person = make_person()
    with override("en"), pytest.raises(MonitoringError) as refused:
        _record(person, "weight", {"weight": "1200"})
    assert refused.value.message == (
        "Weight 1200 kg is not possible: check the number. It must be between 2 and 400 kg. "
        "Nothing was saved."
    )
    with override("fi"), pytest.raises(MonitoringError) as refused:
        _record(person, "weight", {"weight": "1200"})
    assert refused.value.message.startswith("Paino 1200 kg ei ole mahdollinen")


def test_a_decimal_comma_is_read_and_words_are_refused():
    person = make_person()
    kept = _record(person, "weight", {"weight": "72,45"}).measurement
    assert kept.value("weight") == Decimal("72.5")
    with pytest.raises(MonitoringError):
        _record(person, "weight", {"weight": "seventy"})
    with pytest.raises(MonitoringError):
        _record(person, "blood-pressure", {"systolic": "120"})
    with pytest.raises(MonitoringError):
        _record(person, "blood-pressure", {"systolic": "80", "diastolic": "120"})
    assert Measurement.objects.count() == 1


def test_pounds_and_mg_per_dl_are_kept_in_kilograms_and_mmol_per_litre():
    person = make_person()
    weight = _record(person, "weight", {"weight": "176"}, units_given={"weight": "lb"}).measurement
    # 176 lb × 0.45359237 = 79.83 kg
    assert weight.value("weight") == Decimal("79.8")
    assert weight.original_unit == "[lb_av]"
    glucose = _record(
        person, "blood-glucose", {"blood-glucose": "126"}, units_given={"blood-glucose": "mg/dL"}
    ).measurement
    # 126 mg/dL / 18.0156 = 6.99 mmol/L
    assert glucose.value("blood-glucose") == Decimal("7.0")
    fever = _record(
        person, "temperature", {"temperature": "100.4"}, units_given={"temperature": "°F"}
    ).measurement
    assert fever.value("temperature") == Decimal("38.0")
    with pytest.raises(MonitoringError):
        _record(person, "weight", {"weight": "80"}, units_given={"weight": "stone"})


def test_one_thousand_pounds_is_refused_after_conversion():
    person = make_person()
    with override("en"), pytest.raises(MonitoringError) as refused:
        _record(person, "weight", {"weight": "1000"}, units_given={"weight": "lb"})
    assert "1000 lb is not possible" in refused.value.message


def test_a_reading_in_the_future_is_refused():
    person = make_person()
    with pytest.raises(MonitoringError):
        _record(
            person,
            "weight",
            {"weight": "80"},
            effective_at=timezone.now() + dt.timedelta(days=1),
        )
    assert not Measurement.objects.exists()


def test_the_same_entry_twice_is_kept_once_and_each_write_is_audited():
    person = make_person()
    first = _record(person, "weight", {"weight": "80"}, identifier="form-1")
    again = _record(person, "weight", {"weight": "80"}, identifier="form-1")
    assert first.created and not again.created
    assert Measurement.objects.count() == 1
    events = AuditEvent.objects.filter(
        action="record_measurement", subject_person_id=person.pk, outcome=Outcome.ALLOWED
    )
    assert events.count() == 2


def test_nobody_records_a_reading_for_someone_else_and_the_refusal_is_audited():
    person, other = make_person(), make_person()
    from carevillage.access import AccessDenied

    with pytest.raises(AccessDenied):
        record_measurement(
            actor=other.user, person=person, kind=_type("weight"), values={"weight": "80"}
        )
    assert not Measurement.objects.exists()
    assert AuditEvent.objects.filter(
        action="record_measurement", subject_person_id=person.pk, outcome=Outcome.DENIED
    ).exists()

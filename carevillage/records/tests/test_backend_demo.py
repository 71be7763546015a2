"""The demo record: seeded through the services, and a reseed adds nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from carevillage.identity.models import Person
from carevillage.records import selectors
from carevillage.records.models import Document, Immunization, Medication, RenewalRequest, Result

pytestmark = pytest.mark.django_db


def _counts() -> list[int]:
    return [
        model.objects.count()
        for model in (Document, Result, Immunization, Medication, RenewalRequest)
    ]


def test_demo_record_seeds_and_reseeds_without_duplicates():
    call_command("seed_demo", stdout=None)
    first = _counts()
    call_command("seed_demo", stdout=None)
    assert _counts() == first
    aino = Person.objects.get(oidc_subject="demo-aino")
    documents = selectors.documents_for(aino.user, aino)
    assert [d.type_code for d in documents] == ["18842-5", "18842-5"]
    results = [
        r for day in selectors.results_for(aino.user, aino) for k in day.kinds for r in k.results
    ]
    assert len(results) == 16 and sum(r.out_of_range for r in results) >= 1
    assert all(r.is_demo for r in results)
    medicines = selectors.medications_for(aino.user, aino)
    assert [m.renewable for m in medicines.current] == [True] and len(medicines.earlier) == 1
    leo = Person.objects.get(oidc_subject="demo-leo")
    assert Result.objects.filter(person=leo, hidden_from_guardians=True).count() == 1
    elsa = Person.objects.get(oidc_subject="demo-elsa")
    assert RenewalRequest.objects.filter(person=elsa, status="pending").count() == 1


def test_demo_texts_are_in_every_content_language_and_a_reseed_brings_them_up_to_date():
    call_command("seed_demo", stdout=None)
    aino = Person.objects.get(oidc_subject="demo-aino")
    document = Document.objects.filter(person=aino).order_by("date").first()
    # Finnish, Swedish and bokmål (which nynorsk readers read, as all village content).
    assert "umpilisäkkeen poisto" in document.title and "blindtarm" in document.title
    for heading in ("— Suomeksi —", "— På svenska —", "— På norsk (bokmål) —"):
        assert heading in document.text
    assert "not medical advice" in document.text and document.is_demo
    sertraline = Medication.objects.get(person=aino, code="N06AB06")
    assert "1 tablett en gång om dagen" in sertraline.dosage_text
    assert "1 tablett én gang daglig" in sertraline.dosage_text
    # A database seeded before the translations: the reseed resends the entry (a new
    # version of the same row), adding nothing.
    Document.objects.filter(pk=document.pk).update(title="DEMO Discharge summary (old)")
    Medication.objects.filter(pk=sertraline.pk).update(dosage_text="1 tablet (old)")
    before = _counts()
    call_command("seed_demo", stdout=None)
    assert _counts() == before
    document.refresh_from_db()
    sertraline.refresh_from_db()
    assert "blindtarm" in document.title and document.version == 2
    assert "1 tablett en gång om dagen" in sertraline.dosage_text
    assert document in selectors.documents_for(aino.user, aino)

"""The measurement types a patient can enter or a device can send.

Codes: LOINC (loinc.org, the LOINC table 2.77); the vital signs are the ones the HL7 FHIR
R4 Vital Signs profile requires (hl7.org/fhir/R4/observation-vitalsigns.html): blood
pressure panel 85354-9 with systolic 8480-6 and diastolic 8462-4, heart rate 8867-4,
body weight 29463-7, body temperature 8310-5, oxygen saturation by pulse oximetry
59408-5. Others: glucose in capillary blood by glucometer 14743-9 (moles/volume), peak
expiratory flow by peak flow meter 19935-6, steps in 24 hours 41950-7, sleep duration
93832-4, pain severity 0-10 verbal numeric rating 72514-3. Units are UCUM
(ucum.org), each type's canonical one.

Plausible ranges catch typos (a weight of 1200 kg), not clinical limits. Target bands
are drawn on the chart only: home blood pressure below 135/85 mmHg (NICE NG136,
hypertension in adults, 1.4.20 home targets under 80), SpO2 95 % and above (NHS: "a
normal oxygen level is 95 % or higher"), body temperature 36.0-37.5 °C (NHS "high
temperature (fever) in adults": 38 °C or above is high), blood glucose 4-7 mmol/L before
meals (NICE NG17, type 1 diabetes in adults, 1.6.5), peak flow and weight without a
general band (they are personal).
"""

from django.db import migrations


def _names(en, fi, sv, nb, nn):
    return {"en": en, "fi": fi, "sv": sv, "nb": nb, "nn": nn}


def _one(code, loinc, unit, names, low, high, *, decimals=0, target=(None, None)):
    return {
        "code": code,
        "loinc_code": loinc,
        "unit": unit,
        "names": names,
        "plausible_low": low,
        "plausible_high": high,
        "decimals": decimals,
        "target_low": target[0],
        "target_high": target[1],
    }


PULSE = _names("Pulse", "Syke", "Puls", "Puls", "Puls")

TYPES = [
    (
        "blood-pressure",
        "85354-9",
        _names("Blood pressure", "Verenpaine", "Blodtryck", "Blodtrykk", "Blodtrykk"),
        True,
        [
            _one(
                "systolic",
                "8480-6",
                "mm[Hg]",
                _names("Systolic (upper)", "Yläpaine", "Systoliskt (övre)", "Systolisk (øvre)",
                       "Systolisk (øvre)"),
                50,
                300,
                target=(90, 135),
            ),
            _one(
                "diastolic",
                "8462-4",
                "mm[Hg]",
                _names("Diastolic (lower)", "Alapaine", "Diastoliskt (nedre)",
                       "Diastolisk (nedre)", "Diastolisk (nedre)"),
                20,
                200,
                target=(60, 85),
            ),
            {**_one("pulse", "8867-4", "/min", PULSE, 20, 250), "required": False},
        ],
    ),
    (
        "weight",
        "29463-7",
        _names("Weight", "Paino", "Vikt", "Vekt", "Vekt"),
        True,
        [_one("weight", "29463-7", "kg", _names("Weight", "Paino", "Vikt", "Vekt", "Vekt"),
              2, 400, decimals=1)],
    ),
    (
        "blood-glucose",
        "14743-9",
        _names("Blood glucose", "Verensokeri", "Blodsocker", "Blodsukker", "Blodsukker"),
        True,
        [_one("blood-glucose", "14743-9", "mmol/L",
              _names("Blood glucose", "Verensokeri", "Blodsocker", "Blodsukker", "Blodsukker"),
              "0.5", 40, decimals=1, target=(4, 7))],
    ),
    (
        "spo2",
        "59408-5",
        _names("Oxygen saturation (SpO₂)", "Happikyllästeisyys (SpO₂)", "Syremättnad (SpO₂)",
               "Oksygenmetning (SpO₂)", "Oksygenmetting (SpO₂)"),
        True,
        [_one("spo2", "59408-5", "%",
              _names("Oxygen saturation", "Happikyllästeisyys", "Syremättnad", "Oksygenmetning",
                     "Oksygenmetting"),
              50, 100, target=(95, 100))],
    ),
    (
        "temperature",
        "8310-5",
        _names("Body temperature", "Ruumiinlämpö", "Kroppstemperatur", "Kroppstemperatur",
               "Kroppstemperatur"),
        True,
        [_one("temperature", "8310-5", "Cel",
              _names("Temperature", "Lämpö", "Temperatur", "Temperatur", "Temperatur"),
              30, 45, decimals=1, target=("36.0", "37.5"))],
    ),
    (
        "peak-flow",
        "19935-6",
        _names("Peak flow (PEF)", "PEF (uloshengityksen huippuvirtaus)",
               "PEF (maximalt utandningsflöde)", "PEF (toppstrøm)", "PEF (toppstraum)"),
        True,
        [_one("peak-flow", "19935-6", "L/min",
              _names("Peak flow", "PEF", "PEF", "PEF", "PEF"), 30, 1000)],
    ),
    (
        "steps",
        "41950-7",
        _names("Steps in a day", "Askeleet päivässä", "Steg per dag", "Skritt per dag",
               "Steg per dag"),
        True,
        [_one("steps", "41950-7", "/d",
              _names("Steps", "Askeleet", "Steg", "Skritt", "Steg"), 0, 100000)],
    ),
    (
        "sleep",
        "93832-4",
        _names("Sleep", "Uni", "Sömn", "Søvn", "Søvn"),
        False,
        [_one("sleep", "93832-4", "h",
              _names("Hours of sleep", "Unitunnit", "Timmar sömn", "Timer søvn", "Timar søvn"),
              0, 24, decimals=1)],
    ),
    (
        "pain",
        "72514-3",
        _names("Pain (0–10)", "Kipu (0–10)", "Smärta (0–10)", "Smerte (0–10)", "Smerte (0–10)"),
        False,
        [_one("pain", "72514-3", "{score}",
              _names("Pain", "Kipu", "Smärta", "Smerte", "Smerte"), 0, 10)],
    ),
    (
        "heart-rate",
        "8867-4",
        _names("Heart rate", "Leposyke", "Vilopuls", "Hvilepuls", "Kvilepuls"),
        True,
        [_one("heart-rate", "8867-4", "/min", PULSE, 20, 250)],
    ),
]


def seed(apps, schema_editor):
    MeasurementType = apps.get_model("monitoring", "MeasurementType")
    MeasurementComponent = apps.get_model("monitoring", "MeasurementComponent")
    for order, (code, loinc, names, sensed, components) in enumerate(TYPES):
        kind, _created = MeasurementType.objects.update_or_create(
            code=code,
            defaults={
                "loinc_code": loinc,
                "names": names,
                "sensed_by_devices": sensed,
                "order": order,
            },
        )
        for position, component in enumerate(components):
            fields = dict(component)
            MeasurementComponent.objects.update_or_create(
                type=kind, code=fields.pop("code"), defaults={**fields, "order": position}
            )


def unseed(apps, schema_editor):
    apps.get_model("monitoring", "MeasurementType").objects.filter(
        code__in=[code for code, *_rest in TYPES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]

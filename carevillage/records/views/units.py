"""Readable names for the UCUM unit codes the record receives.

UCUM (The Unified Code for Units of Measure, ucum.org) writes `10*9/L` and `m[IU]/L`;
Finnish laboratory reports print `10⁹/l` and `mU/l` (lower-case litre, as in the HUSLAB
test directory). Only the units the demo and the EHR mapping use are listed; an unknown
code is shown as it came.
"""

from __future__ import annotations

UCUM_READABLE: dict[str, str] = {
    "g/L": "g/l",
    "mmol/L": "mmol/l",
    "umol/L": "µmol/l",
    "mg/L": "mg/l",
    "10*9/L": "10⁹/l",
    "10*12/L": "10¹²/l",
    "m[IU]/L": "mU/l",
    "%": "%",
    "{INR}": "",
}


def readable_unit(code: str) -> str:
    return UCUM_READABLE.get(code, code)

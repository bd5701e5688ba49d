"""Amounts read from what people type: a number, a unit, and for alcohol its units
in UK units (10 ml / 8 g of alcohol) or US standard drinks (14 g)."""

import pytest

from cuelog.analysis.amounts import read_amount


@pytest.mark.parametrize(
    ("text", "alcohol", "number", "unit", "uk", "us"),
    [
        # wine, strength typed and not
        ("175ml wine 13%", False, 175, "ml", 2.3, 1.3),
        ("bottle of wine", False, 1, "bottle of wine", 9.8, 5.5),
        ("a bottle of wine", False, 1, "bottle of wine", 9.8, 5.5),
        ("2 glasses of wine", False, 2, "glass", 4.5, 2.6),
        ("750ml wine 12%", False, 750, "ml", 9.0, 5.1),
        # beer
        ("4 pints", True, 4, "pint", 9.1, 5.1),
        ("a pint of beer", False, 1, "pint", 2.3, 1.3),
        ("2 cans of lager", False, 2, "can", 4.0, 2.2),
        ("2 x 330ml beer 5%", False, 660, "ml", 3.3, 1.9),
        ("4 pints 5%", True, 4, "pint", 11.4, 6.4),
        # spirits, and counts already in units or standard drinks
        ("3 shots of vodka", False, 3, "shot", 3.0, 1.7),
        ("3 standard drinks", True, 3, "standard drinks", 5.3, 3.0),
        ("4 units", True, 4, "units", 4.0, 2.3),
        # not alcohol: a number and a unit, no units
        ("2 bags", False, 2, "bags", None, None),
        ("half a gram", False, 0.5, "g", None, None),
        ("1.5g", False, 1.5, "g", None, None),
        ("3 blues", False, 3, "blues", None, None),
    ],
)
def test_amounts_both_ways(text, alcohol, number, unit, uk, us):
    for system, units in (("uk", uk), ("us", us)):
        read = read_amount(text, system=system, alcohol=alcohol)
        assert read is not None, text
        assert (read.number, read.unit, read.units) == (number, unit, units), (text, system)


@pytest.mark.parametrize("text", ["a lot", "a few lines", "some", "", None, "2 bags, 4 pints", "wine and beer"])
def test_what_cannot_be_read_stays_text(text):
    assert read_amount(text) is None


def test_the_keys_beside_the_text():
    assert read_amount("4 pints", system="uk").as_dict() == {"amount_number": 4, "amount_unit": "pint", "units": 9.1}
    with pytest.raises(ValueError):
        read_amount("4 pints", system="metric")

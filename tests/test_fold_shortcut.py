"""fold() skips the converter for a text holding no dictionary starter: the result must be the same."""

from __future__ import annotations

import random

from app.names import _t2s, fold


def test_shortcut_gives_the_converters_result() -> None:
    convert, keys = _t2s()
    assert keys and keys.pairs, (
        "the shortcut is off: opencc's internals changed (fold still works, only slower)"
    )
    simplified = "青云街道中心小学活动照片台账实验学校幼儿园教管办东关一中"
    # Characters that start keys, one-character or longer: phrases made of simplified characters
    # must still reach the converter.
    traditional = "".join(sorted(keys.chars))[:200] + "".join(sorted(keys.pairs))[:200]
    rng = random.Random(14)
    texts = ["臺灣學校", "青雲街道", "東關小學", "佐證材料", "學校活動照片0001.jpg", *simplified.split("中")]
    for _ in range(3000):
        pool = simplified + traditional[rng.randrange(0, 380) :][:20] if rng.random() < 0.5 else simplified
        texts.append("".join(rng.choice(pool + "0123_.") for _ in range(rng.randrange(1, 16))))
    for text in texts:
        fold.cache_clear()
        assert fold(text) == convert(text), text


def test_traditional_names_still_fold() -> None:
    assert fold("青雲街道東關小學") == "青云街道东关小学"
    assert fold("青云街道东关小学") == "青云街道东关小学"


def test_every_phrase_key_still_reaches_the_converter() -> None:
    from opencc_purepy import OpenCC

    converter = OpenCC("t2s")
    refs = converter._get_dict_refs("t2s")
    keys = [k for r in (refs.round_1, refs.round_2, refs.round_3) if r for k in r.merged_map]
    for key in keys:
        text = f"青云{key}小学"
        fold.cache_clear()
        assert fold(text) == converter.convert(text), key

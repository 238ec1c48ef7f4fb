"""fold() skips the converter for a text holding no dictionary starter: the result must be the same."""

from __future__ import annotations

import random

from app.names import _t2s, fold


def test_shortcut_gives_the_converters_result() -> None:
    convert, starters = _t2s()
    assert starters, "the shortcut is off: opencc's internals changed (fold still works, only slower)"
    simplified = "青云街道中心小学活动照片台账实验学校幼儿园教管办东关一中"
    traditional = "".join(sorted(starters))[:400]
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

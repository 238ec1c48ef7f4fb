"""Perceptual hashes and their index: edited copies are found, unrelated photographs are not."""

from __future__ import annotations

import io
import random
from itertools import combinations

import pytest
from PIL import Image

from app.signals import imagehash
from app.signals.detect import SignalOptions
from app.signals.index import HashIndex
from tests.signal_samples import crop, jpeg_bytes, photo

RADIUS = int((1 - SignalOptions().image_similarity) * imagehash.BITS + 1e-9)


def hash_of(data: bytes) -> int:
    return imagehash.phash(imagehash.thumbnail(io.BytesIO(data)))


def png_bytes(im: Image.Image) -> bytes:
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


EDITS = {
    "resized": lambda im: jpeg_bytes(im.resize((im.width // 3, im.height // 3)), 80),
    "recompressed": lambda im: jpeg_bytes(im, 30),
    "cropped": lambda im: jpeg_bytes(crop(im, 0.03), 85),
    "png": lambda im: png_bytes(im.resize((im.width // 2, im.height // 2))),
    # what a phone does: pixels stored sideways with an EXIF orientation tag saying "rotate back"
    "exif_rotated": lambda im: jpeg_bytes(im.transpose(Image.Transpose.ROTATE_90), 85, orientation=6),
    "upscaled": lambda im: jpeg_bytes(im.resize((im.width * 2, im.height * 2)), 90),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
@pytest.mark.parametrize("seed", [3, 17, 42])
def test_an_edited_copy_hashes_close_to_its_original(seed, edit):
    original = photo(seed, (960, 720))
    a, b = hash_of(jpeg_bytes(original, 92)), hash_of(EDITS[edit](original))
    assert imagehash.distance(a, b) <= RADIUS, (edit, imagehash.distance(a, b))


def test_unrelated_photographs_are_far_apart():
    hashes = [hash_of(jpeg_bytes(photo(seed, (480, 360)), 85)) for seed in range(100, 140)]
    closest = min(imagehash.distance(a, b) for a, b in combinations(hashes, 2))
    assert closest > RADIUS


def test_rotation_without_the_exif_tag_is_a_different_picture():
    # Guards the test above: the EXIF case passes because the tag is applied, not by accident.
    original = photo(5, (640, 480))
    sideways = jpeg_bytes(original.transpose(Image.Transpose.ROTATE_90), 85)
    assert imagehash.distance(hash_of(jpeg_bytes(original)), hash_of(sideways)) > RADIUS


def test_grey_and_palette_images_hash():
    im = photo(8, (320, 240))
    grey, palette = im.convert("L"), im.convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
    assert imagehash.distance(hash_of(png_bytes(grey)), hash_of(png_bytes(palette))) <= RADIUS


@pytest.mark.parametrize("radius", [4, 10, 12])
def test_index_finds_exactly_the_pairs_brute_force_finds(radius):
    rng = random.Random(radius)
    hashes = [rng.getrandbits(64) for _ in range(600)]
    for base in hashes[:60]:  # plant near copies at every distance up to 14
        flipped = base
        for bit in rng.sample(range(64), rng.randrange(0, 15)):
            flipped ^= 1 << bit
        hashes.append(flipped)
    index = HashIndex()
    for h in hashes:
        index.add(h)
    found = {(i, j) for i, j, _ in index.pairs(radius)}
    expected = {
        (i, j)
        for i, j in combinations(range(len(hashes)), 2)
        if (hashes[i] ^ hashes[j]).bit_count() <= radius
    }
    assert found == expected
    assert len(expected) > 10  # the planted pairs are there to be found


def test_index_near_reports_distances():
    index = HashIndex()
    a = index.add(0b1011)
    index.add(0xFFFF << 40)
    assert index.near(0b1000, 3) == [(a, 2)]


def test_same_layout_different_colours_is_not_a_copy():
    # Same light-and-dark layout (so a close grey-level hash), different picture: the colour grid
    # tells them apart, while an edited copy keeps its colours.
    from PIL import ImageOps

    from app.signals.detect import SignalOptions as Options

    original = photo(21, (640, 480))
    grey = original.convert("L")
    recoloured = ImageOps.colorize(grey, black=(20, 0, 90), white=(255, 230, 120))
    a = imagehash.thumbnail(io.BytesIO(jpeg_bytes(original)))
    b = imagehash.thumbnail(io.BytesIO(jpeg_bytes(recoloured)))
    c = imagehash.thumbnail(io.BytesIO(jpeg_bytes(original.resize((320, 240)), 60)))
    tolerance = Options().colour_tolerance
    assert imagehash.colour_distance(imagehash.colours(a), imagehash.colours(b)) > tolerance
    assert imagehash.colour_distance(imagehash.colours(a), imagehash.colours(c)) <= tolerance


def test_an_iphone_heic_and_its_jpeg_hash_alike():
    from app import demo_samples

    heic = imagehash.thumbnail(io.BytesIO(demo_samples.heic(5)), heic=True)
    jpeg = imagehash.thumbnail(io.BytesIO(demo_samples.jpeg(5, size=(160, 120))))
    assert imagehash.distance(imagehash.phash(heic), imagehash.phash(jpeg)) <= RADIUS

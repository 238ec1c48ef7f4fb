"""The geometry between the OCR's detector and recogniser (app/content/ocr_lines.py): no OCR needed."""

from __future__ import annotations

from app.content.ocr_lines import join_split_lines, reading_order


def box(x0: float, y0: float, x1: float, y1: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x1, y0), (x1, y1), (x0, y1)]


def test_a_line_cut_by_a_seal_is_joined_into_one_box():
    # "青云街" | star | "二小学": two pieces on one line, a gap of about one character between them
    pieces = [box(220, 500, 320, 530), box(100, 502, 190, 531)]
    joined = join_split_lines(pieces)
    assert joined == [box(100, 500, 320, 531)]


def test_pieces_far_apart_or_on_other_lines_stay_apart():
    left, right = box(100, 100, 200, 130), box(600, 100, 700, 130)  # two columns of a table
    below = box(210, 140, 300, 170)  # the next line, though close
    assert join_split_lines([left, right, below]) == [left, below, right]


def test_a_small_mark_beside_a_line_is_not_swallowed():
    line, mark = box(100, 100, 400, 130), box(405, 80, 420, 95)  # a seal's arc character above the line
    assert sorted(map(tuple, join_split_lines([line, mark]))) == sorted([tuple(line), tuple(mark)])


def test_pieces_that_overlap_side_by_side_are_one_line():
    a, b = box(100, 100, 300, 130), box(290, 101, 400, 131)  # the character under the star boxed twice
    assert join_split_lines([a, b]) == [box(100, 100, 400, 131)]


def test_unjoined_rotated_boxes_keep_their_corners():
    tilted = [(100.0, 110.0), (400.0, 100.0), (401.0, 130.0), (101.0, 140.0)]
    assert join_split_lines([tilted]) == [tilted]


def test_reading_order_rows_top_to_bottom_pieces_left_to_right():
    items = [
        (box(300, 205, 400, 235), "小学"),  # same row as 青云街道, a few pixels lower
        (box(100, 300, 500, 330), "二〇二〇年十月十五日"),
        (box(100, 200, 290, 230), "青云街道"),
        (box(100, 100, 500, 140), "关于印发的通知"),
    ]
    assert reading_order(items) == "关于印发的通知\n青云街道 小学\n二〇二〇年十月十五日"


def test_reading_order_of_nothing_is_empty():
    assert reading_order([]) == ""

"""The correction store behind the window: the review file, or memory when that file is unusable."""

from app.rubric import load_rubric
from ui.corrections import MemoryCorrectionStore, ReviewFileCorrections, open_correction_store


def test_a_new_review_file_is_created_and_keeps_corrections(tmp_path):
    rubric = load_rubric()
    path = tmp_path / "sub" / "review.evreview"
    store, problem = open_correction_store(path, rubric)
    assert problem == "" and isinstance(store, ReviewFileCorrections) and path.is_file()
    store.reassign("甲教管办", "1.1/a.jpg", "1.1", "甲小学", "/media/usb/甲教管办")
    store.accept_finding("甲教管办", "1.1/a.jpg", "dup.exact", "已核实", "/media/usb/甲教管办")
    store.close()
    again, _ = open_correction_store(path, rubric)
    c = again.corrections("甲教管办")
    assert c.reassign == {"1.1/a.jpg": ("1.1", "甲小学")}
    assert c.accepted == {("1.1/a.jpg", "dup.exact"): "已核实"}
    assert again.corrections("别的单位").reassign == {}
    again.close()


def test_a_damaged_review_file_is_left_alone_and_work_goes_on_in_memory(tmp_path):
    path = tmp_path / "review.evreview"
    path.write_bytes(b"not a database at all" * 10)
    before = path.read_bytes()
    store, problem = open_correction_store(path, load_rubric())
    assert isinstance(store, MemoryCorrectionStore) and problem
    store.reassign("甲", "x.pdf", "1.2", None, "")
    assert store.corrections("甲").reassign == {"x.pdf": ("1.2", None)}
    assert path.read_bytes() == before

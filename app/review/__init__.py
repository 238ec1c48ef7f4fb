"""The reviewer's work: the review file (store.py, one writer), its schema and migrations,
moving units between reviewers' files (merge.py) and the JSON form ``evcheck.review/1``."""

"""The clerk's pre-submission kit in the window: template, rename preview, undo, convert, pack.

The rules live in app/ (template, rename, journal, convert, pack); this package only asks,
shows and hands work to the task runner.
"""

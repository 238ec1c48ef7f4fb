"""The composition root: the ``evcheck`` program is the core's command line (app/) with the Qt layer
(ui/) plugged in. It lives outside both so that app/ never depends on ui/ and ui/ is only ever
loaded here, lazily, when the window or a PDF is wanted. See docs/ARCHITECTURE.md."""

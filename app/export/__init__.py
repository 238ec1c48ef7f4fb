"""Score sheets: xlsx (openpyxl) and CSV with a UTF-8 BOM; the PDF lives in ui/export_pdf.py
because it needs QtGui."""

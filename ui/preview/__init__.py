"""Previewing one submitted file: PDFs through QtPdf, images through Pillow, else a placeholder."""
